// MainWindow: Optiscope's one frame — toolbar, Experiment dock, view tabs, Log dock, status bar —
// wired to the EngineBridge that runs the engine off the GUI thread.
#pragma once

#include <QMainWindow>
#include <QPointer>
#include <map>

#include "engine/config/experiment_config.h"
#include "engine/events/events.h"
#include "ui/modes.h"

class QAction;
class QComboBox;
class QMenu;
class QMessageBox;
class QTabWidget;

namespace optiscope::ui {

class EngineBridge;
class ExperimentPanel;
class LogPane;
class ModeView;
class RecentFiles;
class RunStatus;
class RunsTable;
class TrainingView;

// Opens on the demo configuration (DemoConfig()). Run (Ctrl+R) trains the configured experiment in
// the engine's thread, Stop (Esc) cancels it, Export (Ctrl+E) writes its JSON. Errors (bad file,
// bad configuration, failed run) go to the log, the status bar, errorReported and a non-modal
// message box: the window never blocks on them. Geometry, dock layout and recent files persist
// in QSettings. GUI thread only.
class MainWindow final : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a data file (.csv and others) or, for *.json, a configuration.
  void OpenFile(const QString& path);
  // Switches the data source to this CSV file; errors arrive asynchronously via errorReported.
  void OpenDataFile(const QString& path);
  // Loads a configuration into the Experiment dock. On error, reports it and keeps the current one.
  bool LoadConfigFile(const QString& path);
  // Writes the current configuration as JSON. On error, reports it and returns false.
  bool ExportConfig(const QString& path);

  // Starts the current mode's run. False (and an error report) if it cannot start.
  bool Run();
  // Asks the run in flight to stop; returns at once.
  void Stop();

  // Shows an error: log, status bar, errorReported, and a non-modal message box unless disabled
  // (tests disable it).
  void ReportError(const QString& message);
  void SetErrorDialogsEnabled(bool enabled) { error_dialogs_ = enabled; }

  EngineBridge* bridge() const { return bridge_; }
  ExperimentPanel* experiment_panel() const { return panel_; }
  TrainingView* training_view() const { return training_view_; }
  // The view of a non-Train mode (nullptr for Train or a mode not in this build).
  ModeView* mode_view(Mode mode) const;
  // Selects the mode Run will use (and shows its view).
  void SetMode(Mode mode);
  Mode CurrentMode() const;
  LogPane* log_pane() const { return log_; }
  RunsTable* runs_table() const { return runs_; }
  RunStatus* run_status() const { return status_; }

 signals:
  void errorReported(const QString& message);

 protected:
  void closeEvent(QCloseEvent* event) override;
  void dragEnterEvent(QDragEnterEvent* event) override;
  void dropEvent(QDropEvent* event) override;

 private:
  void CreateActions();
  void CreateMenusAndToolbar();
  void CreateDocks();
  void ConnectBridge();
  void UpdateRunActions();
  void UpdateRecentMenu();
  void OpenDialog();
  void OpenConfigDialog();
  void ExportDialog(bool always_ask);
  void OnRunStarted(const RunStarted& started);
  void OnEpochs(const std::vector<EpochMetrics>& epochs);
  void OnRunFinished(const RunFinished& finished);
  void AddModeViews();
  bool AnyRunning() const;
  void RestoreSettings();
  void SaveSettings();

  EngineBridge* bridge_ = nullptr;
  RecentFiles* recent_ = nullptr;
  ExperimentPanel* panel_ = nullptr;
  QTabWidget* views_ = nullptr;
  TrainingView* training_view_ = nullptr;
  std::map<Mode, ModeView*> mode_views_;
  LogPane* log_ = nullptr;
  RunsTable* runs_ = nullptr;
  RunStatus* status_ = nullptr;
  QComboBox* mode_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QMenu* view_menu_ = nullptr;
  QAction* open_ = nullptr;
  QAction* open_config_ = nullptr;
  QAction* run_ = nullptr;
  QAction* stop_ = nullptr;
  QAction* export_ = nullptr;
  QAction* save_as_ = nullptr;
  QAction* quit_ = nullptr;
  QPointer<QMessageBox> error_box_;
  bool error_dialogs_ = true;
  QString config_path_;       // where Export writes (asked for the first time)
  QString run_description_;   // of the run in flight
  int run_total_epochs_ = 0;
};

}  // namespace optiscope::ui
