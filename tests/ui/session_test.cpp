// Session restore (offscreen): the dataset, configuration and mode of a window come back in the
// next window (QSettings isolated in Qt's test location); a first start shows a hint; a session
// whose CSV file is gone keeps its settings on the demo data.
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "main_window_helpers.h"
#include "test_support.h"
#include "ui/main_window.h"
#include "ui/run_status.h"
#include "ui/setup/data_inspector.h"
#include "ui/setup/data_section.h"
#include "ui/setup/experiment_panel.h"
#include "ui/views/log_pane.h"

using optiscope::ui::DataSection;
using optiscope::ui::MainWindow;
using optiscope::ui::Mode;

namespace {

QString WriteSmallCsv(const QTemporaryDir& dir) {
  const QString path = dir.filePath("small.csv");
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return QString();
  file.write("id,a,b,label\n1,0.5,1,x\n2,1.5,0,y\n3,2.5,1,x\n4,3.5,0,y\n5,4.5,1,x\n6,5.5,0,y\n");
  return path;
}

bool WaitForPreviewOf(MainWindow& w) {
  DataSection* data = w.experiment_panel()->data_section();
  if (data->PreviewRowCount() > 0) return true;
  QSignalSpy spy(data, &DataSection::previewUpdated);
  return spy.wait(20000);
}

}  // namespace

class SessionTest : public QObject {
  Q_OBJECT

 private slots:
  void init() { optiscope::ui::testing::IsolateSettings(); }  // each test starts fresh

  void FirstStartShowsAHintAndTheDemo() {
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    QVERIFY(!w.RestoreSession());
    QVERIFY2(w.run_status()->Text().contains("Welcome"), qPrintable(w.run_status()->Text()));
    QVERIFY(w.log_pane()->toPlainText().contains("press Run"));
    QCOMPARE(w.experiment_panel()->Config().data.source, optiscope::DemoConfig().data.source);
    QCOMPARE(w.CurrentMode(), Mode::kTrain);
  }

  void DatasetConfigurationAndModeComeBackInTheNextWindow() {
    QTemporaryDir dir;
    const QString csv = WriteSmallCsv(dir);
    QVERIFY(!csv.isEmpty());
    {
      MainWindow first;
      first.SetErrorDialogsEnabled(false);
      first.show();
      first.OpenDataFile(csv);
      QVERIFY(WaitForPreviewOf(first));
      first.findChild<QSpinBox*>("epochsSpin")->setValue(7);
      QVERIFY(first.experiment_panel()->data_section()->SetColumnIgnored("id", true));
      first.SetMode(Mode::kProject);
      QVERIFY(first.close());  // saves the session, as quitting does
    }
    MainWindow second;
    second.SetErrorDialogsEnabled(false);
    second.show();
    QVERIFY(second.RestoreSession());
    QVERIFY(WaitForPreviewOf(second));
    const optiscope::ExperimentConfig c = second.experiment_panel()->Config();
    QCOMPARE(QString::fromStdString(c.data.source), csv);
    QCOMPARE(c.training.epochs, 7);
    QCOMPARE(c.data.drop_columns, std::string("id"));
    QVERIFY(second.experiment_panel()->data_section()->inspector()->IsIgnored("id"));
    QCOMPARE(second.CurrentMode(), Mode::kProject);
    QCOMPARE(second.run_status()->Text(), QString("Restored the last session"));
    QCOMPARE(second.experiment_panel()->data_section()->PreviewRowCount(), 6);
  }

  void AGoneDataFileFallsBackToTheDemoData() {
    QString csv;
    {
      QTemporaryDir dir;
      csv = WriteSmallCsv(dir);
      MainWindow first;
      first.SetErrorDialogsEnabled(false);
      first.show();
      first.OpenDataFile(csv);
      QVERIFY(WaitForPreviewOf(first));
      first.findChild<QSpinBox*>("epochsSpin")->setValue(9);
      QVERIFY(first.close());
    }  // the folder and the file are gone
    MainWindow second;
    second.SetErrorDialogsEnabled(false);
    second.RestoreSession();
    const optiscope::ExperimentConfig c = second.experiment_panel()->Config();
    QCOMPARE(c.data.source, optiscope::DemoConfig().data.source);
    QCOMPARE(c.training.epochs, 9);  // the rest of the session is kept
    QVERIFY(second.log_pane()->toPlainText().contains("is gone"));
  }

  void AnUnreadableSessionIsReportedAndSkipped() {
    QSettings().setValue("session/config", "{ not json");
    QSettings().setValue("session/mode", "race");
    MainWindow w;
    w.SetErrorDialogsEnabled(false);
    QVERIFY(!w.RestoreSession());
    QCOMPARE(w.CurrentMode(), Mode::kRace);
    QCOMPARE(w.experiment_panel()->Config().data.source, optiscope::DemoConfig().data.source);
    QVERIFY(w.log_pane()->toPlainText().contains("was not restored"));
  }
};

OPTISCOPE_UI_TEST(SessionTest, session_test);
#include "session_test.moc"
