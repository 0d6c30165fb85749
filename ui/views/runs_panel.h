// RunsPanel: the Runs tab of the bottom dock — every run of every mode, kept between sessions in
// the runs file (engine/runs/run_store.h); checked runs overlay their curves on one chart whose
// legend names what differs between them ("lr 1e-3 → 3e-3"); the selected run shows its
// configuration and can restore it into the Experiment dock.
#pragma once

#include <QString>
#include <QWidget>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/events/events.h"
#include "engine/runs/run_record.h"
#include "ui/engine_types.h"
#include "ui/modes.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace optiscope::ui {

class ChartToolBar;
class RunStoreClient;
class RunsChart;
class RunsTable;

// MainWindow tells it about the run in flight (BeginRun ... EndRun; one at a time); EndRun stores
// the run. The runs file is never read or written on the GUI thread: every call goes through a
// RunStoreClient (ui/run_store_client.h), whose answers arrive later — the stored runs a moment
// after OpenStore, a run's store number ("#7", "#…" until then) a moment after EndRun, a checked
// stored run's curve ("(loading)" in the legend until then) a moment after it was first checked.
// Without a store (none opened, or it failed to open) runs are kept for this session only, and the
// tab says why. Destroying the panel waits for the runs still being written. GUI thread only.
class RunsPanel final : public QWidget {
  Q_OBJECT

 public:
  explicit RunsPanel(QWidget* parent = nullptr);
  ~RunsPanel() override;

  // Opens the runs file at `path` (creating it; ":memory:" keeps runs for this session only) and,
  // once it is open, lists its newest runs before this session's. Returns at once; on error the
  // tab shows the message, storeUnavailable says it, and runs are not kept. Call it once.
  void OpenStore(const std::string& path);

  // A run of `mode` started on `config`; `total_steps` epochs (trials, variants).
  void BeginRun(Mode mode, const QString& description, int total_steps,
                const ExperimentConfig& config);
  // Progress of the run in flight.
  void ShowProgress(int done, int total);
  // Train: what the run's metric is ("accuracy" or "rmse").
  void ShowStarted(const RunStarted& started);
  // Train: epochs of the run in flight, in order.
  void AddEpochs(const std::vector<EpochMetrics>& epochs);
  // Train: the run's end with its test figures (before EndRun).
  void ShowFinished(const RunFinished& finished);
  // A stop was requested for the run in flight: unless the view says otherwise it ends cancelled.
  void MarkStopRequested();
  // The run in flight ended (`summary`: its log line; ok false: it failed). Stores it.
  void EndRun(const QString& summary, bool ok);

  // The run shown in `row` of the table (its epochs once they were needed).
  const RunRecord& run(int row) const { return runs_.at(static_cast<size_t>(row)); }
  // Parses the selected run's configuration: emits restoreRequested, or errorReported when there
  // is no selection or its JSON does not parse. What the Restore button does. A run still being
  // written to the runs file is restored as well (its configuration is in memory); its name then
  // says "being saved".
  void RestoreSelected();
  // Deletes the selected run from the list at once and from the runs file in the background (not
  // the run in flight); should the file refuse, errorReported says so.
  void DeleteSelected();

  RunsTable* table() const { return table_; }
  RunsChart* chart() const { return chart_; }
  QPushButton* restore_button() const { return restore_; }
  QPlainTextEdit* config_view() const { return config_view_; }
  QLabel* store_label() const { return store_label_; }
  ChartToolBar* chart_tools() const { return tools_; }
  // The runs file's client (tests wait on its Pending() / idle, or probe its calls).
  RunStoreClient* store_client() const { return store_; }

 signals:
  // The user asked to restore a run's configuration into the Experiment dock; `what` names the
  // run ("run #3").
  void restoreRequested(const optiscope::ExperimentConfig& config, const QString& what);
  void errorReported(const QString& message);
  // OpenStore's file cannot be used (`message` says why): runs are kept for this session only.
  void storeUnavailable(const QString& message);

 private:
  QWidget* BuildChartPane();
  QWidget* BuildDetailsPane();
  void ShowDetails();
  void UpdateComparison();
  void EnsureEpochs(int row);
  int RowOf(int64_t id) const;  // the row of the run with this id (or Add key), or -1
  // "#7"; "#…" before the store numbered it (with say_saving, "#… (being saved)" while it does).
  QString RunName(const RunRecord& run, bool say_saving = false) const;
  void OnOpened(const QString& error, const std::vector<RunRecord>& stored);
  void OnAdded(int64_t key, int64_t id, const QString& error);
  void OnLoaded(int64_t id, const RunRecord& stored, const QString& error);
  void OnRemoved(const QString& error);

  // Where runs_[i].epochs stand: not read yet, being read from the store, or there (read or live).
  enum class Curve : unsigned char { kUnread, kReading, kThere };
  // The runs file: none asked for, being opened, open, or unusable (runs kept for the session).
  enum class StoreState : unsigned char { kNone, kOpening, kOpen, kUnavailable };

  RunStoreClient* store_ = nullptr;
  StoreState store_state_ = StoreState::kNone;
  std::vector<RunRecord> runs_;     // row i of the table shows runs_[i]
  std::vector<Curve> curves_;       // curves_[i]: runs_[i].epochs
  std::set<int64_t> saving_;        // Add keys (runs_[i].id < 0) of runs the store has not answered
  int live_row_ = -1;               // the run in flight, or -1
  bool live_status_known_ = false;  // ShowFinished set its status
  bool stop_requested_ = false;
  int64_t next_local_id_ = -1;  // ids of runs not (yet) stored: Add keys, colour
  RunsTable* table_ = nullptr;
  RunsChart* chart_ = nullptr;
  ChartToolBar* tools_ = nullptr;
  QLabel* store_label_ = nullptr;
  QLabel* details_ = nullptr;
  QPlainTextEdit* config_view_ = nullptr;
  QPushButton* restore_ = nullptr;
};

}  // namespace optiscope::ui
