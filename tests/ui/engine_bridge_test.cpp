// EngineBridge: events published from engine threads arrive on the GUI thread, in order, batched;
// data previews are computed off the GUI thread and stale answers are dropped.
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <thread>
#include <vector>

#include "test_support.h"
#include "ui/engine_bridge.h"

using optiscope::EpochMetrics;
using optiscope::LogLine;
using optiscope::ui::DataPreview;
using optiscope::ui::EngineBridge;

class EngineBridgeTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void ConcurrentPublishersArriveInOrderOnGuiThread() {
    EngineBridge bridge;
    constexpr int kThreads = 4;
    constexpr int kPerThread = 2000;
    std::vector<std::vector<int>> seen(kThreads);
    int batches = 0;
    bool all_on_gui_thread = true;
    QThread* gui = QThread::currentThread();
    connect(&bridge, &EngineBridge::epochsReceived, this,
            [&](const std::vector<EpochMetrics>& epochs) {
              ++batches;
              all_on_gui_thread = all_on_gui_thread && QThread::currentThread() == gui;
              for (const EpochMetrics& e : epochs) {
                seen[static_cast<size_t>(std::stoi(e.run_id))].push_back(e.epoch);
              }
            });
    {
      std::vector<std::jthread> publishers;
      for (int t = 0; t < kThreads; ++t) {
        publishers.emplace_back([&bridge, t] {
          for (int i = 1; i <= kPerThread; ++i) {
            EpochMetrics e;
            e.run_id = std::to_string(t);
            e.epoch = i;
            bridge.Publish(e);
          }
        });
      }
    }
    QTRY_VERIFY_WITH_TIMEOUT(seen[0].size() + seen[1].size() + seen[2].size() + seen[3].size() ==
                                 static_cast<size_t>(kThreads * kPerThread),
                             10000);
    QVERIFY(all_on_gui_thread);
    // Batched: far fewer signals than events (published before the first tick, or a few ticks).
    QVERIFY(batches < kThreads * kPerThread / 10);
    for (const std::vector<int>& epochs : seen) {
      QCOMPARE(static_cast<int>(epochs.size()), kPerThread);
      for (int i = 0; i < kPerThread; ++i) QCOMPARE(epochs[static_cast<size_t>(i)], i + 1);
    }
  }

  void LogLinesKeepTheirTextAndLevel() {
    EngineBridge bridge;
    QSignalSpy spy(&bridge, &EngineBridge::logLine);
    bridge.Publish(LogLine{LogLine::Level::kWarning, "careful"});
    QVERIFY(spy.wait(5000));
    const auto line = spy.at(0).at(0).value<LogLine>();
    QCOMPARE(line.text, std::string("careful"));
    QVERIFY(line.level == LogLine::Level::kWarning);
  }

  void PreviewDescribesBuiltinIris() {
    EngineBridge bridge;
    QSignalSpy spy(&bridge, &EngineBridge::previewReady);
    optiscope::DataConfig data;
    data.source = "iris";
    const int id = bridge.RequestPreview(data);
    QVERIFY(spy.wait(10000));
    const auto preview = spy.at(0).at(0).value<DataPreview>();
    QCOMPARE(preview.request_id, id);
    QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));
    QCOMPARE(preview.total_rows, qint64(150));
    QCOMPARE(preview.column_names,
             QStringList({"sepal_length", "sepal_width", "petal_length", "petal_width",
                          "species"}));
    QCOMPARE(preview.column_types.last(), QString("categorical"));
    QCOMPARE(preview.column_types.first(), QString("numeric"));
    QCOMPARE(static_cast<int>(preview.rows.size()), optiscope::ui::kPreviewRows);
    QCOMPARE(preview.rows[0], QStringList({"5.1", "3.5", "1.4", "0.2", "setosa"}));
    QCOMPARE(preview.target, QString("species"));
    QCOMPARE(preview.task_summary, QString("classification (3 classes)"));
    QVERIFY(preview.table != nullptr);

    // Another target over the same table: a numeric column with many values is regression.
    data.target = "sepal_length";
    const int id2 = bridge.RequestDescribe(preview.table, data);
    QVERIFY(spy.wait(10000));
    const auto described = spy.at(1).at(0).value<DataPreview>();
    QCOMPARE(described.request_id, id2);
    QCOMPARE(described.task_summary, QString("regression"));
  }

  void MissingFileGivesAnError() {
    EngineBridge bridge;
    QSignalSpy spy(&bridge, &EngineBridge::previewReady);
    optiscope::DataConfig data;
    data.source = "/nonexistent/optiscope/file.csv";
    bridge.RequestPreview(data);
    QVERIFY(spy.wait(10000));
    const auto preview = spy.at(0).at(0).value<DataPreview>();
    QVERIFY(!preview.error.isEmpty());
    QVERIFY2(preview.error.contains("file.csv"), qPrintable(preview.error));
  }

  void StopWhenIdleIsHarmless() {
    EngineBridge bridge;
    bridge.RequestStop();
    QVERIFY(!bridge.IsRunning());
  }
};

QTEST_MAIN(EngineBridgeTest)
#include "engine_bridge_test.moc"
