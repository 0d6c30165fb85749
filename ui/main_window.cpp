#include "ui/main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <algorithm>

#include "engine/config/config_json.h"
#include "engine/runs/run_store.h"
#include "ui/attach_dialog.h"
#include "ui/help_menu.h"
#include "ui/recent_files.h"
#include "ui/run_status.h"
#include "ui/session.h"
#include "ui/setup/data_section.h"
#include "ui/setup/experiment_panel.h"
#include "ui/setup/search_section.h"
#include "ui/views/compression_view.h"
#include "ui/views/feature_scores_view.h"
#include "ui/views/log_pane.h"
#include "ui/views/mode_view.h"
#include "ui/views/projection_view.h"
#include "ui/views/race_view.h"
#include "ui/views/runs_panel.h"
#include "ui/views/runs_table.h"
#include "ui/views/search_view.h"
#include "ui/views/training_view.h"

namespace optiscope::ui {
namespace {

bool IsConfigFile(const QString& path) {
  return QFileInfo(path).suffix().compare("json", Qt::CaseInsensitive) == 0;
}

constexpr QSize kMinimumViewSize(360, 240);

bool IsDroppable(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  return suffix == "csv" || suffix == "tsv" || suffix == "txt" || suffix == "json";
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : MainWindow(MainWindowOptions(), parent) {}

MainWindow::MainWindow(const MainWindowOptions& options, QWidget* parent)
    : QMainWindow(parent), options_(options) {
  setWindowTitle(tr("Optiscope"));
  setObjectName("mainWindow");
  setAcceptDrops(true);
  recent_ = new RecentFiles(this);

  views_ = new QTabWidget(this);
  views_->setObjectName("viewTabs");
  // An explicit minimum: the window's minimum no longer follows the views' contents, so a long
  // result text can never widen (or heighten) the window beyond the screen.
  views_->setMinimumSize(kMinimumViewSize);
  setCentralWidget(views_);

  CreateActions();
  CreateDocks();
  status_ = new RunStatus(this);
  statusBar()->addWidget(status_, 1);
  AddModeViews();
  WireViews();
  CreateMenusAndToolbar();
  UpdateRunActions();

  panel_->SetConfig(DemoConfig());
  RestoreSettings();
}

MainWindow::~MainWindow() {
  // Every run stops at once; each view joins its own when it goes away.
  for (const auto& [mode, view] : mode_views_) view->RequestStop();
}

void MainWindow::CreateActions() {
  QStyle* s = style();
  open_ = new QAction(s->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open..."), this);
  open_->setShortcut(QKeySequence::Open);
  open_->setToolTip(tr("Open a CSV data file or a configuration (.json) (Ctrl+O)"));
  connect(open_, &QAction::triggered, this, &MainWindow::OpenDialog);
  open_config_ = new QAction(tr("Open &configuration..."), this);
  open_config_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
  connect(open_config_, &QAction::triggered, this, &MainWindow::OpenConfigDialog);
  attach_ = new QAction(tr("&Attach to study..."), this);
  attach_->setObjectName("attachAction");
  attach_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
  attach_->setToolTip(tr("Watch and steer a study that optiscope-cli workers run, from its "
                         "storage URL (Ctrl+Shift+A)"));
  connect(attach_, &QAction::triggered, this, &MainWindow::AttachDialogOpen);
  run_ = new QAction(s->standardIcon(QStyle::SP_MediaPlay), tr("&Run"), this);
  run_->setObjectName("runAction");
  run_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));  // its tooltip follows the tab shown
  connect(run_, &QAction::triggered, this, [this] { Run(); });
  stop_ = new QAction(s->standardIcon(QStyle::SP_MediaStop), tr("&Stop"), this);
  stop_->setObjectName("stopAction");
  stop_->setShortcut(QKeySequence(Qt::Key_Escape));
  stop_->setToolTip(tr("Stop the run; it ends within one mini-batch (Esc)"));
  connect(stop_, &QAction::triggered, this, &MainWindow::Stop);
  export_ = new QAction(s->standardIcon(QStyle::SP_DialogSaveButton), tr("&Export"), this);
  export_->setObjectName("exportAction");
  export_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  export_->setToolTip(tr("Write the configuration as JSON, for `optiscope-cli train --config` "
                         "(Ctrl+E)"));
  connect(export_, &QAction::triggered, this, [this] { ExportDialog(false); });
  save_as_ = new QAction(tr("Save configuration &as..."), this);
  save_as_->setObjectName("saveAsAction");
  save_as_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));  // as docs/ui.md says
  connect(save_as_, &QAction::triggered, this, [this] { ExportDialog(true); });
  quit_ = new QAction(tr("&Quit"), this);
  quit_->setShortcut(QKeySequence::Quit);
  connect(quit_, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::CreateDocks() {
  panel_ = new ExperimentPanel(recent_, this);
  auto* experiment = new QDockWidget(tr("Experiment"), this);
  experiment->setObjectName("experimentDock");
  experiment->setWidget(panel_);
  experiment->setMinimumWidth(340);
  addDockWidget(Qt::LeftDockWidgetArea, experiment);

  log_ = new LogPane(this);
  runs_ = new RunsPanel(this);
  auto* bottom_tabs = new QTabWidget(this);
  bottom_tabs->addTab(runs_, tr("Runs"));
  bottom_tabs->addTab(log_, tr("Log"));
  bottom_tabs->setCurrentWidget(log_);
  auto* bottom = new QDockWidget(tr("Output"), this);
  bottom->setObjectName("bottomDock");
  bottom->setWidget(bottom_tabs);
  addDockWidget(Qt::BottomDockWidgetArea, bottom);
  resizeDocks({bottom}, {150}, Qt::Vertical);
  resizeDocks({experiment}, {380}, Qt::Horizontal);
  // Runs of every mode, kept across restarts (a file that cannot be used leaves them unkept and
  // says why in the Runs tab and the log) or, for a screenshot, in memory for this session only.
  connect(runs_, &RunsPanel::storeUnavailable, this, [this](const QString& message) {
    log_->Append(LogLine::Level::kError, message);
  });
  runs_->OpenStore(options_.keep_runs ? DefaultRunStorePath() : std::string(kSessionRunStore));
  connect(runs_, &RunsPanel::errorReported, this, &MainWindow::ReportError);
  connect(runs_, &RunsPanel::restoreRequested, this,
          [this](const ExperimentConfig& config, const QString& what) {
            panel_->SetConfig(config);
            log_->Append(LogLine::Level::kInfo, tr("Restored the configuration of %1").arg(what));
            status_->ShowIdle(tr("Configuration of %1").arg(what));
          });

  DataSection* data = panel_->data_section();
  connect(data, &DataSection::errorOccurred, this, [this](const QString& message) {
    // A file that cannot be read as data does not stay in Open recent.
    if (!opening_.isEmpty()) recent_->Remove(opening_);
    opening_.clear();
    ReportError(message);
  });
  connect(data, &DataSection::csvLoaded, this, [this](const QString& path) {
    opening_.clear();
    recent_->Add(path);
    log_->Append(LogLine::Level::kInfo, tr("Loaded %1").arg(path));
  });
}

void MainWindow::CreateMenusAndToolbar() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(open_);
  file->addAction(open_config_);
  recent_menu_ = file->addMenu(tr("Open &recent"));
  file->addAction(attach_);
  file->addSeparator();
  file->addAction(export_);
  file->addAction(save_as_);
  file->addSeparator();
  file->addAction(quit_);
  QMenu* run = menuBar()->addMenu(tr("&Run"));
  run->addAction(run_);
  run->addAction(stop_);
  view_menu_ = menuBar()->addMenu(tr("&View"));
  for (QDockWidget* dock : findChildren<QDockWidget*>()) {
    view_menu_->addAction(dock->toggleViewAction());
  }
  help_ = new HelpMenu(this);
  menuBar()->addMenu(help_->menu());
  connect(help_, &HelpMenu::message, this, [this](const QString& text) {
    log_->Append(LogLine::Level::kInfo, text);
    status_->ShowIdle(text);
  });
  connect(recent_, &RecentFiles::changed, this, &MainWindow::UpdateRecentMenu);
  UpdateRecentMenu();

  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName("mainToolbar");
  bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  bar->setMovable(false);
  bar->addAction(open_);
  bar->addSeparator();
  bar->addAction(run_);
  bar->addAction(stop_);
  bar->addSeparator();
  bar->addAction(export_);
}

void MainWindow::AddModeViews() {
  training_view_ = new TrainingView(views_);
  search_view_ = new SearchView(views_);
  projection_view_ = new ProjectionView(views_);
  const std::map<Mode, ModeView*> views = {
      {Mode::kTrain, training_view_},
      {Mode::kRace, new RaceView(views_)},
      {Mode::kSearch, search_view_},
      {Mode::kCompress, new CompressionView(views_)},
      {Mode::kProject, projection_view_},
      {Mode::kSelect, new FeatureScoresView(views_)},
  };
  for (const ModeInfo& info : AvailableModes()) AddModeView(info, views.at(info.mode));
  views_->setCurrentWidget(training_view_);
  connect(views_, &QTabWidget::currentChanged, this, &MainWindow::ShowModeTip);
  ShowModeTip();
}

void MainWindow::AddModeView(const ModeInfo& info, ModeView* view) {
  mode_views_[info.mode] = view;
  views_->addTab(view, info.label);
  views_->setTabToolTip(views_->count() - 1, info.tooltip);
  connect(view, &ModeView::started, this,
          [this, view, mode = info.mode](const QString& description, int total) {
    runs_->BeginRun(mode, description, total, panel_->Config());
    UpdateRunActions();
    status_->ShowStarted(description, total, view->StepUnit());
    log_->Append(LogLine::Level::kInfo, tr("Run: %1").arg(description));
  });
  connect(view, &ModeView::progressed, this, [this](int done, int total, double elapsed) {
    runs_->ShowProgress(done, total);
    status_->ShowProgress(done, total, elapsed);
  });
  connect(view, &ModeView::finished, this, [this](const QString& summary, bool ok) {
    runs_->EndRun(summary, ok);
    UpdateRunActions();
    if (ok) {
      log_->Append(LogLine::Level::kInfo, summary);
      status_->ShowIdle(summary);
    } else {
      ReportError(summary);
    }
  });
  connect(view, &ModeView::errorReported, this, &MainWindow::ReportError);
  connect(view, &ModeView::logMessage, this,
          [this](const QString& text) { log_->Append(LogLine::Level::kInfo, text); });
}

void MainWindow::WireViews() {
  // Train: every run of every mode is a row of the Runs tab (AddModeView); a Train run adds its
  // curve and test figures. Its engine log goes to the Log; an MLP run streams its last hidden
  // layer's projection into the Project view.
  connect(training_view_, &TrainingView::runStarted, runs_, &RunsPanel::ShowStarted);
  connect(training_view_, &TrainingView::epochsReceived, runs_, &RunsPanel::AddEpochs);
  connect(training_view_, &TrainingView::runFinished, runs_, &RunsPanel::ShowFinished);
  connect(training_view_, &TrainingView::logLine, log_,
          qOverload<const LogLine&>(&LogPane::Append));
  training_view_->SetStreamProjections(true);
  connect(training_view_, &TrainingView::projectionsRestarted, projection_view_,
          &ProjectionView::ClearHistory);
  connect(training_view_, &TrainingView::projectionReceived, projection_view_,
          &ProjectionView::ShowProjection);
  connect(training_view_, &TrainingView::runFinished, projection_view_,
          [this](const RunFinished& f) { projection_view_->SetClassNames(f.class_names); });

  // Search: the study settings are the Experiment dock's Search section; its Load... / Save...
  // go through the Search view, which owns the study spec format.
  SearchSection* section = panel_->search_section();
  search_view_->SetSection(section);
  connect(search_view_, &SearchView::experimentLoaded, panel_, &ExperimentPanel::SetConfig);
  connect(section, &SearchSection::loadSpecRequested, this, &MainWindow::LoadSpecDialog);
  connect(section, &SearchSection::saveSpecRequested, this, &MainWindow::SaveSpecDialog);
  // Attached to a study other processes run: its one-line status is the status bar's.
  connect(search_view_, &SearchView::attachStatusChanged, this, [this](const QString& text) {
    if (!text.isEmpty()) status_->ShowIdle(text);
  });
}

AttachDialog* MainWindow::attach_dialog() {
  if (attach_dialog_ == nullptr) {
    attach_dialog_ = new AttachDialog(this);
    connect(attach_dialog_, &QDialog::accepted, this, [this] {
      SetMode(Mode::kSearch);
      search_view_->AttachStudy(attach_dialog_->url(), attach_dialog_->study_name());
    });
  }
  return attach_dialog_;
}

void MainWindow::AttachDialogOpen() { attach_dialog()->open(); }

RunsTable* MainWindow::runs_table() const { return runs_->table(); }

ModeView* MainWindow::mode_view(Mode mode) const {
  const auto it = mode_views_.find(mode);
  return it == mode_views_.end() ? nullptr : it->second;
}

Mode MainWindow::CurrentMode() const {
  for (const auto& [mode, view] : mode_views_) {
    if (view == views_->currentWidget()) return mode;
  }
  return Mode::kTrain;
}

void MainWindow::SetMode(Mode mode) {
  if (ModeView* view = mode_view(mode)) views_->setCurrentWidget(view);
}

void MainWindow::ShowModeTip() {
  const Mode mode = CurrentMode();
  for (const ModeInfo& info : AvailableModes()) {
    if (info.mode == mode) run_->setToolTip(tr("%1 (Ctrl+R)").arg(info.tooltip));
  }
}

bool MainWindow::AnyRunning() const {
  for (const auto& [mode, view] : mode_views_) {
    if (view->IsRunning()) return true;
  }
  return false;
}

void MainWindow::UpdateRunActions() {
  const bool running = AnyRunning();
  run_->setEnabled(!running);
  stop_->setEnabled(running);
}

void MainWindow::UpdateRecentMenu() {
  recent_menu_->clear();
  for (const QString& path : recent_->Files()) {
    recent_menu_->addAction(path, this, [this, path] { OpenRecent(path); });
  }
  if (!recent_->Files().isEmpty()) {
    recent_menu_->addSeparator();
    recent_menu_->addAction(tr("Clear recent files"), recent_, &RecentFiles::Clear);
  }
  recent_menu_->setEnabled(!recent_->Files().isEmpty());
}

void MainWindow::OpenFile(const QString& path) {
  if (IsConfigFile(path)) {
    LoadConfigFile(path);
  } else {
    OpenDataFile(path);
  }
}

void MainWindow::OpenRecent(const QString& path) {
  const QFileInfo info(path);
  if (!info.isFile() || !info.isReadable()) {
    recent_->Remove(path);
    ReportError(tr("Cannot open %1: the file is gone or unreadable; it is removed from Open "
                   "recent").arg(path));
    return;
  }
  OpenDataFile(path);
}

void MainWindow::OpenDataFile(const QString& path) {
  opening_ = QFileInfo(path).absoluteFilePath();
  log_->Append(LogLine::Level::kInfo, tr("Opening %1").arg(path));
  panel_->data_section()->OpenCsv(path);
}

bool MainWindow::LoadConfigFile(const QString& path) {
  Result<ExperimentConfig> config = LoadExperimentConfig(path.toStdString());
  if (!config.ok()) {
    ReportError(tr("Cannot load the configuration: %1")
                    .arg(QString::fromStdString(config.status().message())));
    return false;
  }
  panel_->SetConfig(*config);
  config_path_ = path;
  log_->Append(LogLine::Level::kInfo, tr("Loaded configuration %1").arg(path));
  status_->ShowIdle(tr("Configuration %1").arg(QFileInfo(path).fileName()));
  return true;
}

bool MainWindow::ExportConfig(const QString& path) {
  const Status saved = SaveExperimentConfig(panel_->Config(), path.toStdString());
  if (!saved.ok()) {
    ReportError(tr("Cannot export the configuration: %1")
                    .arg(QString::fromStdString(saved.message())));
    return false;
  }
  config_path_ = path;
  log_->Append(LogLine::Level::kInfo, tr("Exported the configuration to %1").arg(path));
  status_->ShowIdle(tr("Exported %1").arg(QFileInfo(path).fileName()));
  return true;
}

QString MainWindow::ChooseFile(FileRequest::Kind kind, const QString& title,
                               const QString& suggestion, const QString& filter) {
  FileRequest request;
  request.kind = kind;
  request.title = title;
  request.suggestion = suggestion;
  request.filter = filter;
  return choose_file_ ? choose_file_(this, request) : QString();
}

void MainWindow::OpenDialog() {
  const QString path = ChooseFile(
      FileRequest::Kind::kOpen, tr("Open"), QString(),
      tr("Data or configuration (*.csv *.tsv *.txt *.json);;CSV files (*.csv *.tsv *.txt);;"
         "Configurations (*.json);;All files (*)"));
  if (!path.isEmpty()) OpenFile(path);
}

void MainWindow::OpenConfigDialog() {
  const QString path = ChooseFile(FileRequest::Kind::kOpen, tr("Open configuration"),
                                  config_path_, tr("Configurations (*.json);;All files (*)"));
  if (!path.isEmpty()) LoadConfigFile(path);
}

void MainWindow::ExportDialog(bool always_ask) {
  QString path = config_path_;
  if (always_ask || path.isEmpty()) {
    const QString suggestion =
        config_path_.isEmpty()
            ? QString::fromStdString(panel_->Config().name) + QStringLiteral(".json")
            : config_path_;
    path = ChooseFile(FileRequest::Kind::kSave, tr("Export configuration"), suggestion,
                      tr("Configurations (*.json)"));
  }
  if (!path.isEmpty()) ExportConfig(path);
}

void MainWindow::LoadSpecDialog() {
  const QString path = ChooseFile(FileRequest::Kind::kOpen, tr("Load study spec"), spec_path_,
                                  tr("Study specs (*.json);;All files (*)"));
  if (!path.isEmpty() && search_view_->LoadSpec(path)) spec_path_ = path;
}

void MainWindow::SaveSpecDialog() {
  const QString suggestion = spec_path_.isEmpty() ? QStringLiteral("study.json") : spec_path_;
  const QString path = ChooseFile(FileRequest::Kind::kSave, tr("Save study spec"), suggestion,
                                  tr("Study specs (*.json)"));
  if (!path.isEmpty() && search_view_->SaveSpec(path, panel_->Config())) spec_path_ = path;
}

bool MainWindow::Run() {
  if (AnyRunning()) return false;
  const ExperimentConfig config = panel_->Config();
  const Status valid = ValidateExperimentConfig(config);
  if (!valid.ok()) {
    ReportError(tr("Invalid configuration: %1").arg(QString::fromStdString(valid.message())));
    return false;
  }
  // The tab shown is the mode: its view runs, and stays shown.
  const bool started = mode_view(CurrentMode())->Start(config);
  UpdateRunActions();
  return started;
}

void MainWindow::Stop() {
  for (const auto& [mode, view] : mode_views_) {
    if (view->IsRunning()) {
      view->RequestStop();
      runs_->MarkStopRequested();
      status_->ShowIdle(tr("Stopping..."));
      log_->Append(LogLine::Level::kInfo, tr("Stop requested"));
    }
  }
}

void MainWindow::ReportError(const QString& message) {
  log_->Append(LogLine::Level::kError, message);
  status_->ShowIdle(tr("Error: %1").arg(message.section('\n', 0, 0)));
  emit errorReported(message);
  if (!error_dialogs_) return;
  if (!error_box_) {
    error_box_ = new QMessageBox(QMessageBox::Warning, tr("Optiscope"), QString(),
                                 QMessageBox::Ok, this);
    error_box_->setAttribute(Qt::WA_DeleteOnClose);
    error_box_->setWindowModality(Qt::NonModal);
  }
  error_box_->setText(message);
  error_box_->show();
  error_box_->raise();
}

void MainWindow::closeEvent(QCloseEvent* event) {
  const QString unsaved = search_view_->UnsavedStudyDescription();
  if (!unsaved.isEmpty() && confirm_ &&
      !confirm_(this, tr("%1 is held only in memory and is lost when Optiscope quits (choose "
                         "an SQLite storage in the Search section to keep studies). Quit "
                         "anyway?").arg(unsaved))) {
    event->ignore();
    return;
  }
  for (const auto& [mode, view] : mode_views_) view->RequestStop();
  SaveSettings();
  QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
  for (const QUrl& url : event->mimeData()->urls()) {
    if (url.isLocalFile() && IsDroppable(url.toLocalFile())) {
      event->acceptProposedAction();
      return;
    }
  }
}

void MainWindow::dropEvent(QDropEvent* event) {
  for (const QUrl& url : event->mimeData()->urls()) {
    if (url.isLocalFile() && IsDroppable(url.toLocalFile())) {
      OpenFile(url.toLocalFile());
      event->acceptProposedAction();
      return;
    }
  }
}

void MainWindow::RestoreSettings() {
  QSettings settings;
  if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1440, 900);
  restoreState(settings.value("window/state").toByteArray());
  FitToScreen();
}

void MainWindow::FitToScreen() {
  const QScreen* screen = this->screen() ? this->screen() : QGuiApplication::primaryScreen();
  if (screen == nullptr) return;
  const QRect available = screen->availableGeometry();
  if (isMaximized() || isFullScreen()) return;
  const QSize size = this->size().boundedTo(available.size());
  if (size != this->size()) resize(size);
  QPoint at = pos();
  at.setX(std::clamp(at.x(), available.left(), available.right() - size.width() + 1));
  at.setY(std::clamp(at.y(), available.top(), available.bottom() - size.height() + 1));
  if (at != pos()) move(at);
}

void MainWindow::SaveSettings() {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  SaveSession(panel_->Config(), CurrentMode());
}

bool MainWindow::RestoreSession() {
  const SavedSession session = LoadSession();
  if (!session.problem.isEmpty()) log_->Append(LogLine::Level::kWarning, session.problem);
  if (session.config) panel_->SetConfig(*session.config);
  if (session.mode) SetMode(*session.mode);
  if (!session.saved) {
    const QString hint = tr("Welcome to Optiscope: choose the data in the Experiment dock on the "
                            "left (a built-in dataset, a generator or a CSV file), then press Run "
                            "(Ctrl+R). Help › Documentation (F1) explains every tab.");
    log_->Append(LogLine::Level::kInfo, hint);
    status_->ShowIdle(hint);
    return false;
  }
  status_->ShowIdle(session.problem.isEmpty() ? tr("Restored the last session")
                                              : session.problem);
  return session.config.has_value();
}

}  // namespace optiscope::ui
