// `optiscope --mode MODE --screenshot PNG` (and so scripts/screenshots) keeps its runs in memory:
// the user's runs file is left as it was, while the window's Runs tab still numbers the run.
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <string>

#include "engine/runs/run_store.h"
#include "test_support.h"
#include "ui/main_window.h"
#include "ui/run_store_client.h"
#include "ui/views/mode_view.h"
#include "ui/views/runs_panel.h"
#include "ui/views/runs_table.h"

using optiscope::RunStore;
using optiscope::ui::MainWindow;
using optiscope::ui::testing::kRunTimeoutMs;

class ScreenshotStoreTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }
  void init() { optiscope::ui::testing::UseFreshDataHome(); }

  // The program itself: a user's runs file with one run still has exactly that run after a
  // screenshot of a mode was taken.
  void AScreenshotLeavesTheUsersRunsFileAlone() {
    QTemporaryDir home;
    const QString data = home.filePath("data");
    const std::string runs_path = (data + "/optiscope/runs.db").toStdString();
    {
      auto store = RunStore::Open(runs_path);
      QVERIFY(store.ok());
      optiscope::RunRecord run;
      run.mode = "train";
      run.description = "the user's run";
      run.status = "ok";
      run.config_json = "{}";
      QVERIFY((*store)->Add(run).ok());
    }
    const QByteArray before = [&] {
      QFile file(QString::fromStdString(runs_path));
      return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    QVERIFY(!before.isEmpty());

    QProcess gui;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_DATA_HOME", data);
    env.insert("XDG_CONFIG_HOME", home.filePath("config"));  // not the user's settings either
    gui.setProcessEnvironment(env);
    gui.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const QString png = home.filePath("project.png");
    gui.start(OPTISCOPE_GUI_PATH, {"--mode", "project", "--screenshot", png, "--size", "1024x700"});
    QVERIFY(gui.waitForFinished(kRunTimeoutMs));
    QCOMPARE(gui.exitStatus(), QProcess::NormalExit);
    QCOMPARE(gui.exitCode(), 0);
    QVERIFY(QFileInfo(png).size() > 0);

    QFile file(QString::fromStdString(runs_path));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(file.readAll() == before, "the screenshot changed the user's runs file");
    auto store = RunStore::Open(runs_path);
    QVERIFY(store.ok());
    QCOMPARE((*store)->List()->size(), size_t{1});
  }

  // The window a screenshot makes: its Runs tab numbers the run (an in-memory store), and no runs
  // file is created.
  void AWindowThatKeepsNoRunsNumbersThemInMemory() {
    optiscope::ui::MainWindowOptions options;
    options.keep_runs = false;
    MainWindow w(options);
    w.SetErrorDialogsEnabled(false);
    w.show();
    w.SetMode(optiscope::ui::Mode::kProject);
    QSignalSpy finished(w.mode_view(optiscope::ui::Mode::kProject),
                        &optiscope::ui::ModeView::finished);
    QVERIFY(w.Run());
    QVERIFY(finished.wait(kRunTimeoutMs));
    const optiscope::ui::RunStoreClient* client = w.runs_panel()->store_client();
    QVERIFY(QTest::qWaitFor([client] { return client->Pending() == 0; }, 20000));
    QCOMPARE(w.runs_table()->rowCount(), 1);
    QCOMPARE(w.runs_table()->item(0, optiscope::ui::RunsTable::kRun)->text(), QString("#1"));
    QVERIFY(!w.runs_panel()->store_label()->isVisibleTo(w.runs_panel()));
    QVERIFY(!QFileInfo::exists(QString::fromStdString(optiscope::DefaultRunStorePath())));
  }
};

OPTISCOPE_UI_TEST(ScreenshotStoreTest, screenshot_store_test);
#include "screenshot_store_test.moc"
