// The runs file off the GUI thread (ui/run_store_client.h): every RunStore call is made on the
// worker, in the order asked, its answers arrive in that order on the GUI thread, and the
// destructor writes what is still queued. The Runs tab keeps working while the worker is held
// inside a call (a run is listed, restored and deleted before the file answered), and its runs
// survive a restart.
#include "ui/run_store_client.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/events/events.h"
#include "engine/runs/run_store.h"
#include "test_support.h"
#include "ui/views/runs_panel.h"
#include "ui/views/runs_table.h"

using optiscope::RunRecord;
using optiscope::RunStore;
using optiscope::ui::RunsPanel;
using optiscope::ui::RunsTable;
using optiscope::ui::RunStoreClient;

namespace {

constexpr int kAnswerTimeoutMs = 20000;

// What the worker's probe saw: each RunStore call's name and whether it ran on the GUI thread.
// Optionally holds the worker inside the probe until Open() (a store that is slow to answer).
struct Probe {
  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::string> calls;
  int on_gui_thread = 0;
  bool held = false;

  void Record(const char* call) {
    const bool gui = QThread::currentThread() == qApp->thread();
    std::unique_lock lock(mu);
    calls.push_back(call);
    if (gui) ++on_gui_thread;
    changed.notify_all();
    changed.wait(lock, [this] { return !held; });
  }
  void Hold() {
    std::lock_guard lock(mu);
    held = true;
  }
  void Release() {
    std::lock_guard lock(mu);
    held = false;
    changed.notify_all();
  }
  std::vector<std::string> Calls() {
    std::lock_guard lock(mu);
    return calls;
  }
  int OnGuiThread() {
    std::lock_guard lock(mu);
    return on_gui_thread;
  }
  // Blocks the GUI thread until the worker is inside its `count`-th call (test setup only: the
  // worker never waits for the GUI thread, so this cannot deadlock). False after 20 s.
  bool WaitForCalls(size_t count) {
    std::unique_lock lock(mu);
    return changed.wait_for(lock, std::chrono::seconds(20), [&] { return calls.size() >= count; });
  }
};

// Lets the worker go when the test leaves its scope (declared after the client or panel, so the
// worker is released before their destructors wait for it).
struct ReleaseAtExit {
  std::shared_ptr<Probe> probe;
  ~ReleaseAtExit() { probe->Release(); }
};

void Attach(RunStoreClient* client, const std::shared_ptr<Probe>& probe) {
  client->SetCallProbe([probe](const char* call) { probe->Record(call); });
}

RunRecord MakeRun(const std::string& description, int epochs) {
  RunRecord run;
  run.mode = "train";
  run.started_unix = 1700000000;
  run.description = description;
  run.status = "ok";
  run.total_steps = epochs;
  run.steps = epochs;
  run.config_json = "{}";
  for (int e = 1; e <= epochs; ++e) {
    optiscope::RunEpoch epoch;
    epoch.epoch = e;
    epoch.train_loss = 1.0 / e;
    epoch.val_loss = 1.5 / e;
    run.epochs.push_back(epoch);
  }
  return run;
}

// One Train run through the panel, as MainWindow reports it: `epochs` epochs at rate `lr`.
void TrainRun(RunsPanel& panel, double lr, int epochs) {
  optiscope::ExperimentConfig config = optiscope::DemoConfig();
  config.optimizer.lr = lr;
  panel.BeginRun(optiscope::ui::Mode::kTrain, QStringLiteral("lr %1").arg(lr), epochs, config);
  optiscope::RunStarted started;
  started.metric_name = "accuracy";
  panel.ShowStarted(started);
  std::vector<optiscope::EpochMetrics> metrics;
  for (int e = 1; e <= epochs; ++e) {
    optiscope::EpochMetrics m;
    m.epoch = e;
    m.total_epochs = epochs;
    m.train_loss = 1.0 / e;
    m.val_loss = 1.2 / e;
    m.val_metric = 0.5 + 0.1 * e;
    metrics.push_back(m);
  }
  panel.AddEpochs(metrics);
  panel.EndRun(QStringLiteral("trained"), true);
}

bool WaitUntilAnswered(const RunStoreClient* client) {
  return QTest::qWaitFor([client] { return client->Pending() == 0; }, kAnswerTimeoutMs);
}

std::vector<RunRecord> StoredRuns(const std::string& path) {
  auto store = RunStore::Open(path);
  if (!store.ok()) qFatal("%s", store.status().message().c_str());
  auto runs = (*store)->List();
  if (!runs.ok()) qFatal("%s", runs.status().message().c_str());
  return *runs;
}

}  // namespace

class RunStoreClientTest : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { optiscope::ui::testing::IsolateSettings(); }

  // Open, Add, Add, Remove (of the first, by its key, before its Add was answered), Get: made on
  // the worker in that order, answered in that order on the GUI thread.
  void CallsRunOffTheGuiThreadInOrder() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("runs.db").toStdString();
    auto probe = std::make_shared<Probe>();
    RunStoreClient client;
    Attach(&client, probe);
    std::vector<QString> answers;
    bool answered_on_gui_thread = true;
    auto note = [&](const QString& what) {
      answered_on_gui_thread = answered_on_gui_thread && QThread::currentThread() == qApp->thread();
      answers.push_back(what);
    };
    connect(&client, &RunStoreClient::opened, this,
            [&](const QString& error, const std::vector<RunRecord>& runs) {
              note(QStringLiteral("opened '%1' %2").arg(error).arg(runs.size()));
            });
    connect(&client, &RunStoreClient::added, this, [&](qint64 key, qint64 id, const QString& e) {
      note(QStringLiteral("added %1 %2 '%3'").arg(key).arg(id).arg(e));
    });
    connect(&client, &RunStoreClient::removed, this, [&](qint64 key, const QString& error) {
      note(QStringLiteral("removed %1 '%2'").arg(key).arg(error));
    });
    connect(&client, &RunStoreClient::loaded, this,
            [&](qint64 id, const RunRecord& run, const QString& error) {
              note(QStringLiteral("loaded %1 %2 '%3'").arg(id).arg(run.epochs.size()).arg(error));
            });
    QSignalSpy idle(&client, &RunStoreClient::idle);

    client.Open(path);
    client.Add(-1, MakeRun("first", 3));
    client.Add(-2, MakeRun("second", 4));
    client.Remove(-1);
    client.Get(2);
    QCOMPARE(client.Pending(), 5);
    QVERIFY(WaitUntilAnswered(&client));
    QCOMPARE(idle.count(), 1);

    const std::vector<QString> expected = {"opened '' 0", "added -1 1 ''", "added -2 2 ''",
                                           "removed -1 ''", "loaded 2 4 ''"};
    QCOMPARE(answers, expected);
    QVERIFY(answered_on_gui_thread);
    const std::vector<std::string> calls = {"Open", "List", "Add", "Add", "Remove", "Get"};
    QCOMPARE(probe->Calls(), calls);
    QCOMPARE(probe->OnGuiThread(), 0);

    const std::vector<RunRecord> stored = StoredRuns(path);
    QCOMPARE(stored.size(), size_t{1});
    QCOMPARE(stored[0].description, std::string("second"));
  }

  // Runs must not be lost on quit: writes still queued when the client is destroyed are made.
  void DestructorWritesWhatIsQueued() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("runs.db").toStdString();
    auto probe = std::make_shared<Probe>();
    {
      RunStoreClient client;
      Attach(&client, probe);
      client.Open(path);
      for (int i = 1; i <= 5; ++i) client.Add(-i, MakeRun("run " + std::to_string(i), 2));
      client.Remove(-4);
    }  // no event loop ran: nothing was answered
    const std::vector<RunRecord> stored = StoredRuns(path);
    QCOMPARE(stored.size(), size_t{4});
    QCOMPARE(stored[0].description, std::string("run 1"));
    QCOMPARE(stored[3].description, std::string("run 5"));
    QCOMPARE(probe->OnGuiThread(), 0);
    QCOMPARE(probe->Calls().back(), std::string("Remove"));
  }

  // A file that cannot be used is an answer naming it, not an exception or a crash; later
  // requests are answered as with no store.
  void AnUnusableFileIsAnAnswer() {
    QTemporaryDir dir;
    const QString path = dir.filePath("runs.db");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    RunStoreClient client;
    QSignalSpy opened(&client, &RunStoreClient::opened);
    QSignalSpy added(&client, &RunStoreClient::added);
    QSignalSpy loaded(&client, &RunStoreClient::loaded);
    client.Open(path.toStdString());
    client.Add(-1, MakeRun("kept in memory", 1));
    client.Get(1);
    QVERIFY(WaitUntilAnswered(&client));
    QCOMPARE(opened.count(), 1);
    const QString error = opened.at(0).at(0).toString();
    QVERIFY2(error.contains(path) && error.contains("not an Optiscope runs file"),
             qPrintable(error));
    QCOMPARE(added.at(0).at(1).toLongLong(), 0);        // not stored,
    QCOMPARE(added.at(0).at(2).toString(), QString());  // and that is no error
    QVERIFY(!loaded.at(0).at(2).toString().isEmpty());
  }

  // The Runs tab while the file has not answered (the worker is held inside its Add): the run is
  // listed as "#…", restored ("being saved"), and deleting another run before its Add finished
  // deletes it from the file too. After a restart the run is listed with its curve.
  void PanelWorksWhileTheFileIsBusyAndAfterARestart() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("runs.db").toStdString();
    auto probe = std::make_shared<Probe>();
    {
      RunsPanel panel;
      ReleaseAtExit release{probe};
      Attach(panel.store_client(), probe);
      panel.OpenStore(path);
      QVERIFY(WaitUntilAnswered(panel.store_client()));

      probe->Hold();
      TrainRun(panel, 1e-3, 3);
      QVERIFY(probe->WaitForCalls(3));  // Open, List, and the worker is inside Add
      RunsTable* table = panel.table();
      QCOMPARE(table->rowCount(), 1);
      QCOMPARE(table->item(0, RunsTable::kRun)->text(), QString::fromUtf8("#\u2026"));
      QCOMPARE(panel.store_client()->Pending(), 1);
      table->selectRow(0);
      double restored_lr = 0.0;
      QString restored_name;
      connect(&panel, &RunsPanel::restoreRequested, this,
              [&](const optiscope::ExperimentConfig& config, const QString& what) {
                restored_lr = config.optimizer.lr;
                restored_name = what;
              });
      panel.RestoreSelected();
      QCOMPARE(restored_name, QString::fromUtf8("run #\u2026 (being saved)"));
      QCOMPARE(restored_lr, 1e-3);

      TrainRun(panel, 3e-3, 2);  // queued behind the held Add
      table->selectRow(1);
      panel.DeleteSelected();  // before its Add ran
      QCOMPARE(table->rowCount(), 1);

      probe->Release();
      QVERIFY(WaitUntilAnswered(panel.store_client()));
      QCOMPARE(table->item(0, RunsTable::kRun)->text(), QString("#1"));
      QCOMPARE(probe->OnGuiThread(), 0);
      const std::vector<std::string> calls = {"Open", "List", "Add", "Add", "Remove"};
      QCOMPARE(probe->Calls(), calls);
    }
    // A restart: the kept run, read back with its curve when checked.
    RunsPanel again;
    again.OpenStore(path);
    QVERIFY(WaitUntilAnswered(again.store_client()));
    QCOMPARE(again.table()->rowCount(), 1);
    QCOMPARE(again.run(0).id, int64_t{1});
    QCOMPARE(again.run(0).epochs.size(), size_t{0});  // not read until needed
    again.table()->SetChecked(0, true);
    QVERIFY(WaitUntilAnswered(again.store_client()));
    QCOMPARE(again.run(0).epochs.size(), size_t{3});
    QCOMPARE(again.run(0).metric_name, std::string("accuracy"));
    QCOMPARE(StoredRuns(path).size(), size_t{1});
  }
};

OPTISCOPE_UI_TEST(RunStoreClientTest, run_store_client_test);
#include "run_store_client_test.moc"
