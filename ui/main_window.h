// MainWindow: Optiscope's one frame — toolbar, Experiment dock, one view tab per mode, Log dock,
// status bar — and the one place that wires the views to each other and to the docks.
#pragma once

#include <QMainWindow>
#include <QPointer>
#include <functional>
#include <map>
#include <utility>

#include "engine/config/experiment_config.h"
#include "engine/events/events.h"
#include "ui/file_chooser.h"
#include "ui/modes.h"

class QAction;
class QMenu;
class QMessageBox;
class QTabWidget;

namespace optiscope::ui {

class AttachDialog;
class ExperimentPanel;
class HelpMenu;
class LogPane;
class ModeView;
class ProjectionView;
class RecentFiles;
class RunStatus;
class RunsPanel;
class RunsTable;
class SearchView;
class TrainingView;

// How a window differs from the one a user starts (options with in-class defaults).
struct MainWindowOptions {
  // True: the Runs tab keeps runs in the user's runs file (DefaultRunStorePath()). False: in
  // memory, for this window only — `optiscope --screenshot` must not add its runs to the user's.
  bool keep_runs = true;
};

// Opens on the demo configuration (DemoConfig()) with the Train tab shown. The tab shown is the
// mode: Run (Ctrl+R) starts that tab's view on the configured experiment, off the GUI thread; Stop
// (Esc) cancels what runs; Export (Ctrl+E) writes the configuration's JSON. One run at a time.
// Errors (bad file, bad configuration, failed run) go to the log, the status bar, errorReported
// and a non-modal message box: the window never blocks on them. Geometry, dock layout and recent
// files persist in QSettings; so does the session (configuration and mode, saved on close), which
// RestoreSession brings back. GUI thread only.
class MainWindow final : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  explicit MainWindow(const MainWindowOptions& options, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Opens a data file (.csv and others) or, for *.json, a configuration.
  void OpenFile(const QString& path);
  // Switches the data source to this CSV file; errors arrive asynchronously via errorReported.
  void OpenDataFile(const QString& path);
  // Loads a configuration into the Experiment dock. On error, reports it and keeps the current one.
  bool LoadConfigFile(const QString& path);
  // Writes the current configuration as JSON. On error, reports it and returns false.
  bool ExportConfig(const QString& path);

  // Starts the shown mode's run. False (and an error report) if it cannot start.
  bool Run();
  // Asks the run in flight to stop; returns at once.
  void Stop();

  // Shows an error: log, status bar, errorReported, and a non-modal message box unless disabled
  // (tests disable it).
  void ReportError(const QString& message);
  void SetErrorDialogsEnabled(bool enabled) { error_dialogs_ = enabled; }

  // Where the file dialogs (Open, Export, the Search section's Load... / Save...) get their path;
  // AskWithFileDialog unless replaced (tests answer without a modal dialog).
  void SetFileChooser(FileChooser chooser) { choose_file_ = std::move(chooser); }
  // Asks the user a yes/no question (quitting with a study held only in memory); a QMessageBox
  // unless replaced (tests answer without a modal dialog; nullptr never asks).
  using Confirmer = std::function<bool(QWidget* parent, const QString& question)>;
  void SetConfirmer(Confirmer confirm) { confirm_ = std::move(confirm); }
  // File › Attach to study... (Ctrl+Shift+A): shows the (non-blocking) dialog; on Attach the
  // Search tab is shown, attached to the study named (SearchView::AttachStudy).
  void AttachDialogOpen();
  // The attach dialog (created on first use; tests fill it in and accept it).
  AttachDialog* attach_dialog();

  // Reopens the session saved when a window last closed: its configuration (dataset included)
  // and mode (ui/session.h). With none saved (the first start), shows a short hint on where to
  // begin in the status bar and the log, and returns false. main() calls it when the command line
  // names nothing to open.
  bool RestoreSession();
  HelpMenu* help_menu() const { return help_; }

  // Shrinks and moves the window into its screen's available area (done after restoring the
  // saved geometry, so a window saved larger than this screen opens on it).
  void FitToScreen();

  ExperimentPanel* experiment_panel() const { return panel_; }
  TrainingView* training_view() const { return training_view_; }
  SearchView* search_view() const { return search_view_; }
  ProjectionView* projection_view() const { return projection_view_; }
  // The view of `mode` (nullptr for a mode not in this build).
  ModeView* mode_view(Mode mode) const;
  // Shows the view of `mode`, which makes it the mode Run runs (as clicking its tab does).
  void SetMode(Mode mode);
  // The mode of the tab shown.
  Mode CurrentMode() const;
  LogPane* log_pane() const { return log_; }
  // The Runs tab (every run of every mode, kept in the runs file) and its list.
  RunsPanel* runs_panel() const { return runs_; }
  RunsTable* runs_table() const;
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
  void UpdateRunActions();
  void UpdateRecentMenu();
  void OpenRecent(const QString& path);
  QString ChooseFile(FileRequest::Kind kind, const QString& title, const QString& suggestion,
                     const QString& filter);
  void OpenDialog();
  void OpenConfigDialog();
  void ExportDialog(bool always_ask);
  void LoadSpecDialog();
  void SaveSpecDialog();
  void AddModeViews();
  void AddModeView(const ModeInfo& info, ModeView* view);
  void WireViews();
  void ShowModeTip();
  bool AnyRunning() const;
  void RestoreSettings();
  void SaveSettings();

  MainWindowOptions options_;
  RecentFiles* recent_ = nullptr;
  ExperimentPanel* panel_ = nullptr;
  QTabWidget* views_ = nullptr;  // one tab per mode; the tab shown is the mode
  TrainingView* training_view_ = nullptr;
  SearchView* search_view_ = nullptr;
  ProjectionView* projection_view_ = nullptr;
  std::map<Mode, ModeView*> mode_views_;
  LogPane* log_ = nullptr;
  RunsPanel* runs_ = nullptr;
  RunStatus* status_ = nullptr;
  QMenu* recent_menu_ = nullptr;
  QMenu* view_menu_ = nullptr;
  HelpMenu* help_ = nullptr;
  QAction* open_ = nullptr;
  QAction* open_config_ = nullptr;
  QAction* attach_ = nullptr;
  AttachDialog* attach_dialog_ = nullptr;
  QAction* run_ = nullptr;
  QAction* stop_ = nullptr;
  QAction* export_ = nullptr;
  QAction* save_as_ = nullptr;
  QAction* quit_ = nullptr;
  QPointer<QMessageBox> error_box_;
  bool error_dialogs_ = true;
  FileChooser choose_file_ = AskWithFileDialog;
  Confirmer confirm_ = AskYesNo;
  QString opening_;  // the data file being opened, until it loads or fails
  QString config_path_;  // where Export writes (asked for the first time)
  QString spec_path_;    // the study spec last loaded or saved
};

}  // namespace optiscope::ui
