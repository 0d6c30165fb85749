// JobRunner: events reach the GUI thread in order, failures and cancellation are reported, and a
// second job cannot start while one is in flight.
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include "test_support.h"
#include "ui/job_runner.h"

using optiscope::EpochMetrics;
using optiscope::Event;
using optiscope::EventSink;
using optiscope::LogLine;
using optiscope::ui::JobRunner;

class JobRunnerTest : public QObject {
  Q_OBJECT

 private slots:
  // The job's own threads publish at once (a study's parallel trials do): each one's events
  // arrive in its order, on the GUI thread, in far fewer batches than events.
  void ConcurrentPublishersArriveInOrderOnGuiThread() {
    JobRunner runner;
    constexpr int kThreads = 4;
    constexpr int kPerThread = 2000;
    std::vector<std::vector<int>> seen(kThreads);
    int batches = 0;
    bool all_on_gui_thread = true;
    QThread* gui = QThread::currentThread();
    connect(&runner, &JobRunner::eventsReceived, this, [&](const std::vector<Event>& events) {
      ++batches;
      all_on_gui_thread = all_on_gui_thread && QThread::currentThread() == gui;
      for (const Event& event : events) {
        const auto& e = std::get<EpochMetrics>(event);
        seen[static_cast<size_t>(std::stoi(e.run_id))].push_back(e.epoch);
      }
    });
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.Start([](std::stop_token, EventSink& sink) {
      std::vector<std::jthread> publishers;
      for (int t = 0; t < kThreads; ++t) {
        publishers.emplace_back([&sink, t] {
          for (int i = 1; i <= kPerThread; ++i) {
            EpochMetrics e;
            e.run_id = std::to_string(t);
            e.epoch = i;
            sink.Publish(e);
          }
        });
      }
      return std::string();
    }));
    QVERIFY(finished.wait(10000));
    QVERIFY(all_on_gui_thread);
    QVERIFY(batches < kThreads * kPerThread / 10);
    for (const std::vector<int>& epochs : seen) {
      QCOMPARE(static_cast<int>(epochs.size()), kPerThread);
      for (int i = 0; i < kPerThread; ++i) QCOMPARE(epochs[static_cast<size_t>(i)], i + 1);
    }
  }

  void DeliversEventsInOrderThenFinished() {
    JobRunner runner;
    std::vector<std::string> seen;
    connect(&runner, &JobRunner::eventsReceived, this, [&](const std::vector<Event>& events) {
      for (const Event& e : events) seen.push_back(std::get<LogLine>(e).text);
    });
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.Start([](std::stop_token, EventSink& sink) {
      for (int i = 0; i < 100; ++i) sink.Publish(LogLine{LogLine::Level::kInfo, std::to_string(i)});
      return std::string();
    }));
    QVERIFY(runner.IsRunning());
    QVERIFY(finished.wait(10000));
    QCOMPARE(seen.size(), size_t{100});
    for (int i = 0; i < 100; ++i) QCOMPARE(seen[i], std::to_string(i));
    QCOMPARE(finished.at(0).at(0).toString(), QString());
    QCOMPARE(finished.at(0).at(1).toBool(), false);
    QVERIFY(!runner.IsRunning());
  }

  void ReportsExceptionsAsFailures() {
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::finished);
    QVERIFY(runner.Start([](std::stop_token, EventSink&) -> std::string {
      throw std::runtime_error("singular matrix");
    }));
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(0).toString(), QString("singular matrix"));
  }

  void StopEndsALoopingJobAndRefusesASecondStart() {
    JobRunner runner;
    QSignalSpy finished(&runner, &JobRunner::finished);
    std::atomic<bool> entered = false;
    QVERIFY(runner.Start([&](std::stop_token stop, EventSink&) {
      entered = true;
      while (!stop.stop_requested()) std::this_thread::yield();
      return std::string();
    }));
    QVERIFY(!runner.Start([](std::stop_token, EventSink&) { return std::string(); }));
    QTRY_VERIFY(entered.load());
    runner.RequestStop();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.at(0).at(1).toBool(), true);
    QVERIFY(runner.Start([](std::stop_token, EventSink&) { return std::string(); }));
    QVERIFY(finished.wait(10000));
  }
};

OPTISCOPE_UI_TEST(JobRunnerTest, job_runner_test);
#include "job_runner_test.moc"
