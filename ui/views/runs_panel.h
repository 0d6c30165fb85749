// RunsPanel: the Runs tab of the bottom dock — every run of every mode, kept between sessions in
// the runs file (engine/runs/run_store.h); checked runs overlay their curves on one chart whose
// legend names what differs between them ("lr 1e-3 → 3e-3"); the selected run shows its
// configuration and can restore it into the Experiment dock.
#pragma once

#include <QString>
#include <QWidget>
#include <memory>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/events/events.h"
#include "engine/runs/run_record.h"
#include "ui/engine_types.h"
#include "ui/modes.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace optiscope {
class RunStore;
}

namespace optiscope::ui {

class ChartToolBar;
class RunsChart;
class RunsTable;

// MainWindow tells it about the run in flight (BeginRun ... EndRun; one at a time); EndRun stores
// the run. The store is read and written on the GUI thread: each call is one short SQLite
// transaction (a run is written once, when it ends; the list is read once, at OpenStore; a run's
// curve when it is first checked). Without a store (none opened, or it failed to open) runs are
// kept for this session only, and the tab says why. GUI thread only.
class RunsPanel final : public QWidget {
  Q_OBJECT

 public:
  explicit RunsPanel(QWidget* parent = nullptr);
  ~RunsPanel() override;

  // Opens the runs file at `path` (creating it) and lists its newest runs before this session's.
  // On error the tab shows the message and runs are not kept; the error is returned.
  Status OpenStore(const std::string& path);

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
  // is no selection or its JSON does not parse. What the Restore button does.
  void RestoreSelected();
  // Deletes the selected run from the list and the runs file (not the run in flight).
  void DeleteSelected();

  RunsTable* table() const { return table_; }
  RunsChart* chart() const { return chart_; }
  QPushButton* restore_button() const { return restore_; }
  QPlainTextEdit* config_view() const { return config_view_; }
  QLabel* store_label() const { return store_label_; }
  ChartToolBar* chart_tools() const { return tools_; }

 signals:
  // The user asked to restore a run's configuration into the Experiment dock; `what` names the
  // run ("run #3").
  void restoreRequested(const optiscope::ExperimentConfig& config, const QString& what);
  void errorReported(const QString& message);

 private:
  QWidget* BuildChartPane();
  QWidget* BuildDetailsPane();
  void ShowDetails();
  void UpdateComparison();
  void EnsureEpochs(int row);

  std::unique_ptr<RunStore> store_;
  std::vector<RunRecord> runs_;      // row i of the table shows runs_[i]
  std::vector<bool> epochs_loaded_;  // runs_[i].epochs read from the store (or live)
  int live_row_ = -1;                // the run in flight, or -1
  bool live_status_known_ = false;   // ShowFinished set its status
  bool stop_requested_ = false;
  int64_t next_local_id_ = -1;  // ids of runs the store did not take (colour only)
  RunsTable* table_ = nullptr;
  RunsChart* chart_ = nullptr;
  ChartToolBar* tools_ = nullptr;
  QLabel* store_label_ = nullptr;
  QLabel* details_ = nullptr;
  QPlainTextEdit* config_view_ = nullptr;
  QPushButton* restore_ = nullptr;
};

}  // namespace optiscope::ui
