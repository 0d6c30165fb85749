// The Search view attached to a study that other processes run (File › Attach to study), offscreen:
// trials another store handle writes appear (merged by number, no duplicates); an optiscope-cli
// study run obeys the view's Pause and Stop trial; Pause, Apply
// settings and Stop trial write the store's steering records (read back through a second handle)
// and a pause set elsewhere shows on the button; 10,000 stored trials load (the GUI thread's
// longest apply is logged, not asserted); a bad URL, a missing file and a missing study each give
// one clear error; closing while attaching returns at once; the window's dialog lists the stored
// studies and remembers the URL. Synchronised with signal spies and QTRY_; no sleeps.
#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <memory>
#include <thread>

#include "engine/search/storage.h"
#include "engine/search/study_spec.h"
#include "engine/search/study_steering.h"
#include "test_support.h"
#include "ui/attach_dialog.h"
#include "ui/main_window.h"
#include "ui/models/trials_model.h"
#include "ui/setup/search_section.h"
#include "ui/views/search_view.h"

using namespace optiscope;
using namespace optiscope::ui;

namespace {

constexpr int kAttachTimeoutMs = 60000;
constexpr int kPollMs = 40;  // the tests poll fast; the window polls once a second

const char* kSpec =
    R"({"name": "watched", "sampler": {"type": "random", "seed": 7}, "n_trials": 100000,
        "objective": {"function": "branin"}})";

std::unique_ptr<StudyStore> OpenStore(const QString& url) {
  Result<std::unique_ptr<StudyStore>> store = OpenStudyStore(url.toStdString());
  if (!store.ok()) qFatal("%s", store.status().message().c_str());
  return std::move(store).value();
}

void CreateStudy(StudyStore& store, const std::string& name) {
  Result<StudyInfo> info = store.CreateOrOpenStudy(name, kSpec, {Direction::kMinimize});
  if (!info.ok()) qFatal("%s", info.status().message().c_str());
}

// Trial `number`-ish params; a running trial of the local worker, its number returned.
int StartTrial(StudyStore& store, const std::string& study, int seed) {
  Result<int> t = store.StartTrial(
      study, {{"x", -5.0 + 0.001 * seed, ""}, {"y", 0.001 * seed, ""}}, "");
  if (!t.ok()) qFatal("%s", t.status().message().c_str());
  return *t;
}

void Finish(StudyStore& store, const std::string& study, int trial, double value) {
  TrialRecord r;
  r.number = trial;
  r.state = TrialState::kComplete;
  r.values = {value};
  r.seconds = 0.01;
  if (Status s = store.FinishTrial(study, r); !s.ok()) qFatal("%s", s.message().c_str());
}

std::string ControlValue(StudyStore& store, const std::string& study, const std::string& key) {
  Result<StudyControl> c = store.GetControl(study);
  if (!c.ok()) return "error: " + c.status().message();
  const auto it = c->values.find(key);
  return it == c->values.end() ? std::string() : it->second;
}

}  // namespace

class SearchAttachTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    testing::IsolateSettings();
    // Stores in memory-backed /tmpfs when there is one: 10,000 commits then take seconds, not tens.
    if (QFileInfo("/dev/shm").isWritable()) {
      dir_ = std::make_unique<QTemporaryDir>("/dev/shm/optiscope-attach-test-XXXXXX");
    }
    if (dir_ == nullptr || !dir_->isValid()) dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
  }

  void NewTrialsFromAnotherWriterAppear() {
    const QString url = Url("grow.db");
    auto store = OpenStore(url);
    CreateStudy(*store, "grow");
    for (int i = 0; i < 3; ++i) Finish(*store, "grow", StartTrial(*store, "grow", i), i);
    const int running = StartTrial(*store, "grow", 3);

    SearchView view;
    QSignalSpy loaded(&view, &SearchView::studyLoaded);
    QSignalSpy errors(&view, &ModeView::errorReported);
    QVERIFY(view.AttachStudy(url, "grow", kPollMs));
    QVERIFY(loaded.wait(kAttachTimeoutMs));
    QCOMPARE(loaded.at(0).at(0).toBool(), true);
    QCOMPARE(view.model()->rowCount(), 4);
    QVERIFY(view.IsAttached());
    QCOMPARE(view.AttachStatus(),
             QStringLiteral("Attached to grow at %1 \u2014 4 trials, 1 running").arg(url));

    // Another writer (a second handle on its own thread) finishes the running trial and adds 5.
    std::thread writer([url, running] {
      auto other = OpenStore(url);
      Finish(*other, "grow", running, 3.0);
      for (int i = 4; i < 9; ++i) Finish(*other, "grow", StartTrial(*other, "grow", i), i);
    });
    writer.join();
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), 9, kAttachTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->num_finished(), 9, kAttachTimeoutMs);
    const TrialRecord* merged = view.model()->Find(running);
    QVERIFY(merged != nullptr);
    QCOMPARE(merged->state, TrialState::kComplete);
    QCOMPARE(merged->values.at(0), 3.0);
    QCOMPARE(view.model()->CountState(TrialState::kRunning), 0);
    QTRY_VERIFY_WITH_TIMEOUT(view.AttachStatus().endsWith("9 trials, 0 running"), kAttachTimeoutMs);
    QVERIFY(view.attach_apply_stats().polls >= 2);
    QCOMPARE(errors.count(), 0);

    view.Detach();
    QVERIFY(!view.IsAttached());
  }

  // A database written by schema 1 (the golden file) is upgraded in place when opened; its
  // trials carry version 0, so the first read must ask for everything (it showed "0 trials").
  void AStudyWrittenBySchemaOneShowsAllItsTrials() {
    const QString copy = dir_->filePath("golden_v1.db");
    QVERIFY(QFile::copy(QStringLiteral(OPTISCOPE_SOURCE_DIR "/tests/fixtures/golden/study_v1.db"),
                        copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    SearchView view;
    QSignalSpy loaded(&view, &SearchView::studyLoaded);
    QVERIFY(view.AttachStudy("sqlite:" + copy, "golden-branin", kPollMs));
    QVERIFY(loaded.wait(kAttachTimeoutMs));
    QCOMPARE(loaded.at(0).at(0).toBool(), true);
    QCOMPARE(view.model()->rowCount(), 6);
  }

  void SteeringWritesTheStoreRecords() {
    const QString url = Url("steer.db");
    auto store = OpenStore(url);
    CreateStudy(*store, "steer");
    Finish(*store, "steer", StartTrial(*store, "steer", 0), 1.0);
    const int running = StartTrial(*store, "steer", 1);

    SearchView view;
    SearchSection section;
    view.SetSection(&section);
    QSignalSpy loaded(&view, &SearchView::studyLoaded);
    QSignalSpy steered(&view, &SearchView::attachSteered);
    QSignalSpy errors(&view, &ModeView::errorReported);
    QVERIFY(view.AttachStudy(url, "steer", kPollMs));
    QVERIFY(loaded.wait(kAttachTimeoutMs));
    QAction* pause = view.steering_actions().at(0);
    QVERIFY(pause->isEnabled());
    // The Search section now shows the attached study's settings (what Apply settings sends).
    QCOMPARE(section.Settings().value().sampler, std::string("random"));
    QCOMPARE(section.Settings().value().function, std::string("branin"));

    view.SetPaused(true);
    QTRY_VERIFY_WITH_TIMEOUT(steered.count() >= 1, kAttachTimeoutMs);
    QCOMPARE(steered.count(), 1);  // one write, though the button's toggle re-enters SetPaused
    QCOMPARE(steered.at(0).at(1).toBool(), true);
    QCOMPARE(ControlValue(*store, "steer", "state"), std::string("paused"));

    // Stop trial: the per-trial request its owner reads at its next heartbeat.
    view.SelectTrial(running);
    QVERIFY(view.steering_actions().at(1)->isEnabled());
    QVERIFY(view.StopSelectedTrial());
    QTRY_VERIFY_WITH_TIMEOUT(steered.count() >= 2, kAttachTimeoutMs);
    QCOMPARE(steered.at(1).at(1).toBool(), true);
    Result<std::vector<int>> asked = store->Heartbeat("steer", kLocalWorker);
    QVERIFY(asked.ok());
    QCOMPARE(*asked, (std::vector<int>{running}));

    // Apply settings: a new space and sampler, checked against the stored spec, then written.
    SearchSettings settings = section.Settings().value();
    settings.function = "branin";
    settings.space = {FloatParam("x", -2.0, 2.0), FloatParam("y", 0.0, 5.0)};
    settings.sampler = "random";
    settings.pruner = "none";
    section.SetSettings(settings);
    QVERIFY2(view.ApplySettingsToRunningStudy(),
             qPrintable(errors.isEmpty() ? QString() : errors.last().at(0).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(steered.count() >= 3, kAttachTimeoutMs);
    QCOMPARE(steered.count(), 3);
    QCOMPARE(steered.at(2).at(1).toBool(), true);
    QVERIFY(ControlValue(*store, "steer", "space").find("\"low\":-2.0") != std::string::npos);
    QVERIFY(ControlValue(*store, "steer", "sampler").find("\"random\"") != std::string::npos);
    QCOMPARE(errors.count(), 0);

    // A resume written elsewhere (optiscope-cli study resume) shows on the Pause button.
    QVERIFY(store->SetControl("steer", "state", "running").ok());
    QTRY_VERIFY_WITH_TIMEOUT(pause->text() == QStringLiteral("Pause"), kAttachTimeoutMs);
    QVERIFY(store->SetControl("steer", "state", "paused").ok());
    QTRY_VERIFY_WITH_TIMEOUT(pause->text() == QStringLiteral("Resume"), kAttachTimeoutMs);
    QCOMPARE(steered.count(), 3);  // nothing written back
  }

  void CliWorkerObeysTheAttachedView() {
    // optiscope-cli study run on the same storage, with trials that run until stopped.
    const QString spec_path = dir_->filePath("cli_spec.json");
    {
      QFile spec(spec_path);
      QVERIFY(spec.open(QIODevice::WriteOnly));
      spec.write(R"({"name": "cli", "sampler": {"type": "random", "seed": 1}, "n_trials": 50,
          "space": {"x": {"type": "float", "low": 0, "high": 1}},
          "objective": {"command": ["/bin/sh", "-c", "sleep 120; echo 1"], "timeout_s": 300}})");
    }
    const QString url = Url("cli.db");
    QProcess cli;
    cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    cli.start(OPTISCOPE_CLI_PATH, {"study", "run", spec_path, "--storage", url});
    QVERIFY(cli.waitForStarted(kAttachTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(dir_->filePath("cli.db")), kAttachTimeoutMs);
    auto store = OpenStore(url);
    QTRY_VERIFY_WITH_TIMEOUT(store->GetStudy("cli").ok(), kAttachTimeoutMs);

    SearchView view;
    QSignalSpy loaded(&view, &SearchView::studyLoaded);
    QSignalSpy steered(&view, &SearchView::attachSteered);
    QVERIFY(view.AttachStudy(url, "cli", kPollMs));
    QVERIFY(loaded.wait(kAttachTimeoutMs));
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->CountState(TrialState::kRunning), 1, kAttachTimeoutMs);
    const int running = view.model()->trials().front().number;

    // Pause, then stop the running trial: the worker ends it and, paused, starts no other.
    view.SetPaused(true);
    QTRY_VERIFY_WITH_TIMEOUT(steered.count() >= 1, kAttachTimeoutMs);
    view.SelectTrial(running);
    QVERIFY(view.StopSelectedTrial());
    QTRY_VERIFY_WITH_TIMEOUT(view.model()->Find(running)->state != TrialState::kRunning,
                             kAttachTimeoutMs);
    qInfo("trial %d: %s", running, view.model()->Find(running)->reason.c_str());
    QCOMPARE(view.model()->rowCount(), 1);

    // The study's "stopped" record (optiscope-cli study stop) ends the worker.
    QVERIFY(SetStudyRunState(*store, "cli", StudyRunState::kStopped).ok());
    QVERIFY(cli.waitForFinished(kAttachTimeoutMs));
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
  }

  void TenThousandTrialsLoad() {
    constexpr int kTrials = 10000;
    const QString url = Url("big.db");
    {
      auto store = OpenStore(url);
      CreateStudy(*store, "big");
      QElapsedTimer fill;
      fill.start();
      for (int i = 0; i < kTrials - 4; ++i) {
        Finish(*store, "big", StartTrial(*store, "big", i), (i * 37) % 1000);
      }
      for (int i = 0; i < 4; ++i) StartTrial(*store, "big", kTrials + i);
      qInfo("filled %d trials in %lld ms", kTrials, static_cast<long long>(fill.elapsed()));
    }
    SearchView view;
    view.resize(1024, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy loaded(&view, &SearchView::studyLoaded);
    QVERIFY(view.AttachStudy(url, "big", kPollMs));
    QVERIFY(loaded.wait(kAttachTimeoutMs));
    QCOMPARE(view.model()->rowCount(), kTrials);
    // More trials while attached: a poll merges them without resetting the model.
    QSignalSpy resets(view.model(), &QAbstractItemModel::modelReset);
    auto store = OpenStore(url);
    for (int i = 0; i < 20; ++i) Finish(*store, "big", StartTrial(*store, "big", i), i);
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), kTrials + 20, kAttachTimeoutMs);
    QCOMPARE(resets.count(), 0);
    const SearchView::ApplyStats& stats = view.attach_apply_stats();
    // Figures for the benchmark notes; bounded by construction (no timed assertion here).
    qInfo("attach 10k: %d applies, longest %.1f ms, mean %.1f ms", stats.polls, stats.max_ms,
          stats.mean_ms());
    QVERIFY(stats.polls >= 2);
  }

  void BadUrlMissingFileAndMissingStudyEachSayWhy() {
    SearchView view;
    QSignalSpy errors(&view, &ModeView::errorReported);
    QSignalSpy loaded(&view, &SearchView::studyLoaded);

    QVERIFY(!view.AttachStudy("memory", "x"));
    QCOMPARE(errors.count(), 1);
    QVERIFY(errors.at(0).at(0).toString().contains("is not a storage URL"));

    const QString missing = dir_->filePath("nowhere/none.db");
    QVERIFY(view.AttachStudy("sqlite:" + missing, "x", kPollMs));
    QVERIFY(loaded.wait(kAttachTimeoutMs));
    QCOMPARE(loaded.at(0).at(0).toBool(), false);
    QCOMPARE(errors.count(), 2);
    QVERIFY2(errors.at(1).at(0).toString().contains("no study storage file"),
             qPrintable(errors.at(1).at(0).toString()));
    QVERIFY(!QFileInfo::exists(missing));  // attaching never creates a store
    QVERIFY(!view.IsAttached());

    const QString url = Url("names.db");
    CreateStudy(*OpenStore(url), "present");
    QVERIFY(view.AttachStudy(url, "absent", kPollMs));
    QVERIFY(loaded.wait(kAttachTimeoutMs));
    QCOMPARE(loaded.at(1).at(0).toBool(), false);
    QCOMPARE(errors.count(), 3);
    const QString message = errors.at(2).at(0).toString();
    QVERIFY2(message.contains("absent") && message.count('\n') == 0, qPrintable(message));
    QVERIFY(!view.IsAttached());

    // An unreachable server: one error, from the watcher's thread.
    QVERIFY(view.AttachStudy("postgresql://127.0.0.1:1/none?connect_timeout=2", "x", kPollMs));
    QVERIFY(loaded.wait(kAttachTimeoutMs));
    QCOMPARE(errors.count(), 4);
    qInfo("%s", qPrintable(errors.at(3).at(0).toString()));
  }

  void ClosingWhileAttachingReturns() {
    const QString url = Url("close.db");
    CreateStudy(*OpenStore(url), "close");
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 5; ++i) {
      auto view = std::make_unique<SearchView>();
      QVERIFY(view->AttachStudy(url, "close", kPollMs));
      view.reset();  // the watcher may be opening the store right now
    }
    qInfo("5 attach+close in %lld ms", static_cast<long long>(clock.elapsed()));
  }

  void WindowDialogListsStudiesAndRemembersTheUrl() {
    const QString url = Url("dialog.db");
    {
      auto store = OpenStore(url);
      CreateStudy(*store, "alpha");
      CreateStudy(*store, "beta");
      Finish(*store, "beta", StartTrial(*store, "beta", 0), 1.0);
    }
    MainWindow window;
    window.SetErrorDialogsEnabled(false);
    QAction* attach = window.findChild<QAction*>("attachAction");
    QVERIFY(attach != nullptr);
    QCOMPARE(attach->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    AttachDialog* dialog = window.attach_dialog();
    QSignalSpy listed(dialog, &AttachDialog::studiesListed);
    dialog->SetUrl(url);
    QTRY_VERIFY_WITH_TIMEOUT(!listed.isEmpty() && listed.last().at(0).toString() == url,
                             kAttachTimeoutMs);
    QCOMPARE(listed.last().at(1).toStringList(), (QStringList{"alpha", "beta"}));
    dialog->study_box()->setCurrentText("beta");
    QSignalSpy loaded(window.search_view(), &SearchView::studyLoaded);
    dialog->accept();
    QVERIFY(loaded.wait(kAttachTimeoutMs));
    QVERIFY(window.search_view()->IsAttached());
    QCOMPARE(window.search_view()->model()->rowCount(), 1);
    QCOMPARE(window.CurrentMode(), Mode::kSearch);

    AttachDialog again;
    QCOMPARE(again.url(), url);
  }

 private:
  QString Url(const QString& file) const { return "sqlite:" + dir_->filePath(file); }

  std::unique_ptr<QTemporaryDir> dir_;
};

OPTISCOPE_UI_TEST(SearchAttachTest, search_attach_test);
#include "search_attach_test.moc"
