// PreviewLoader: data previews are computed off the GUI thread, describe an already parsed table
// again without reparsing, report failures, and only the newest request is answered.
#include "ui/preview_loader.h"

#include <QSignalSpy>
#include <QTest>
#include <memory>

#include "test_support.h"

using optiscope::ui::DataPreview;
using optiscope::ui::PreviewLoader;

class PreviewLoaderTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  void PreviewDescribesBuiltinIris() {
    PreviewLoader loader;
    QSignalSpy spy(&loader, &PreviewLoader::previewReady);
    optiscope::DataConfig data;
    data.source = "iris";
    const int id = loader.RequestPreview(data);
    QVERIFY(spy.wait(10000));
    const auto preview = spy.at(0).at(0).value<DataPreview>();
    QCOMPARE(preview.request_id, id);
    QVERIFY2(preview.error.isEmpty(), qPrintable(preview.error));
    QCOMPARE(preview.total_rows, qint64(150));
    QCOMPARE(preview.column_names, QStringList({"sepal_length", "sepal_width", "petal_length",
                                                "petal_width", "species"}));
    QCOMPARE(preview.column_types.last(), QString("categorical"));
    QCOMPARE(preview.column_types.first(), QString("numeric"));
    QCOMPARE(static_cast<int>(preview.rows.size()), optiscope::ui::kPreviewRows);
    QCOMPARE(preview.rows[0], QStringList({"5.1", "3.5", "1.4", "0.2", "setosa"}));
    QCOMPARE(preview.target, QString("species"));
    QCOMPARE(preview.task_summary, QString("classification (3 classes)"));
    QVERIFY(preview.table != nullptr);

    // Another target over the same table: a numeric column with many values is regression.
    data.target = "sepal_length";
    const int id2 = loader.RequestDescribe(preview.table, data);
    QVERIFY(spy.wait(10000));
    const auto described = spy.at(1).at(0).value<DataPreview>();
    QCOMPARE(described.request_id, id2);
    QCOMPARE(described.task_summary, QString("regression"));
  }

  void MissingFileGivesAnError() {
    PreviewLoader loader;
    QSignalSpy spy(&loader, &PreviewLoader::previewReady);
    optiscope::DataConfig data;
    data.source = "/nonexistent/optiscope/file.csv";
    loader.RequestPreview(data);
    QVERIFY(spy.wait(10000));
    const auto preview = spy.at(0).at(0).value<DataPreview>();
    QVERIFY(!preview.error.isEmpty());
    QVERIFY2(preview.error.contains("file.csv"), qPrintable(preview.error));
  }

  void OnlyTheNewestRequestIsAnswered() {
    PreviewLoader loader;
    QSignalSpy spy(&loader, &PreviewLoader::previewReady);
    optiscope::DataConfig data;
    data.source = "digits";  // in flight while the next two arrive
    loader.RequestPreview(data);
    data.source = "wine";  // superseded before it starts
    loader.RequestPreview(data);
    data.source = "iris";
    const int newest = loader.RequestPreview(data);
    QVERIFY(spy.wait(20000));
    QCOMPARE(spy.count(), 1);
    const auto preview = spy.at(0).at(0).value<DataPreview>();
    QCOMPARE(preview.request_id, newest);
    QCOMPARE(preview.source, QString("iris"));
    QCOMPARE(preview.total_rows, qint64(150));
    // Nothing else is on its way: a further request is answered next, alone.
    data.source = "wine";
    const int last = loader.RequestPreview(data);
    QVERIFY(spy.wait(20000));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).value<DataPreview>().request_id, last);
  }
};

OPTISCOPE_UI_TEST(PreviewLoaderTest, preview_loader_test);
#include "preview_loader_test.moc"
