#include "ui/main_window.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <algorithm>
#include <cmath>

#include "engine/config/config_json.h"
#include "ui/charts/loss_chart.h"
#include "ui/engine_bridge.h"
#include "ui/recent_files.h"
#include "ui/run_status.h"
#include "ui/setup/data_section.h"
#include "ui/setup/experiment_panel.h"
#include "ui/views/log_pane.h"
#include "ui/views/mode_view.h"
#include "ui/views/projection_view.h"
#include "ui/views/runs_table.h"
#include "ui/views/training_view.h"

namespace optiscope::ui {
namespace {

bool IsConfigFile(const QString& path) {
  return QFileInfo(path).suffix().compare("json", Qt::CaseInsensitive) == 0;
}

bool IsDroppable(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  return suffix == "csv" || suffix == "tsv" || suffix == "txt" || suffix == "json";
}

QString Describe(const ExperimentConfig& c) {
  QString model = QString::fromStdString(c.model.type);
  if (c.model.type == "mlp") {
    QStringList widths;
    for (int w : c.model.hidden) widths << QString::number(w);
    model += QStringLiteral(" %1 %2").arg(widths.join('-'),
                                          QString::fromStdString(c.model.activation));
  }
  QString source = QString::fromStdString(c.data.source);
  if (c.data.source == "synthetic") source = QString::fromStdString(c.data.synthetic.kind);
  return QStringLiteral("%1: %2, %3 lr=%4")
      .arg(QFileInfo(source).fileName(), model, QString::fromStdString(c.optimizer.type))
      .arg(c.optimizer.lr, 0, 'g', 4);
}

QString Summary(const RunFinished& f) {
  QString text = QObject::tr("Run %1 after %2 epochs in %3 s")
                     .arg(QString::fromStdString(f.status))
                     .arg(f.epochs_run)
                     .arg(f.seconds, 0, 'f', 2);
  if (std::isfinite(f.test_accuracy)) {
    text += QObject::tr("; test accuracy %1, loss %2")
                .arg(f.test_accuracy, 0, 'f', 4)
                .arg(f.test_loss, 0, 'g', 4);
  } else if (std::isfinite(f.test_rmse)) {
    text += QObject::tr("; test RMSE %1, R² %2").arg(f.test_rmse, 0, 'g', 4).arg(f.test_r2, 0,
                                                                                  'f', 4);
  }
  if (!f.reason.empty()) text += QStringLiteral(" (%1)").arg(QString::fromStdString(f.reason));
  return text;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("Optiscope"));
  setObjectName("mainWindow");
  setAcceptDrops(true);
  bridge_ = new EngineBridge(this);
  recent_ = new RecentFiles(this);

  views_ = new QTabWidget(this);
  views_->setObjectName("viewTabs");
  training_view_ = new TrainingView(views_);
  views_->addTab(training_view_, tr("Training"));
  views_->setTabToolTip(0, tr("Loss curves and metrics of the current run"));
  setCentralWidget(views_);

  CreateActions();
  CreateDocks();
  AddModeViews();
  CreateMenusAndToolbar();
  status_ = new RunStatus(this);
  statusBar()->addWidget(status_, 1);
  ConnectBridge();
  UpdateRunActions();

  panel_->SetConfig(DemoConfig());
  RestoreSettings();
}

MainWindow::~MainWindow() {
  // Stop and join the engine threads before any widget they feed goes away.
  bridge_->RequestStop();
  delete bridge_;
  bridge_ = nullptr;
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
  run_ = new QAction(s->standardIcon(QStyle::SP_MediaPlay), tr("&Run"), this);
  run_->setObjectName("runAction");
  run_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  run_->setToolTip(tr("Train with the Experiment settings (Ctrl+R)"));
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
  save_as_->setShortcut(QKeySequence::SaveAs);
  connect(save_as_, &QAction::triggered, this, [this] { ExportDialog(true); });
  quit_ = new QAction(tr("&Quit"), this);
  quit_->setShortcut(QKeySequence::Quit);
  connect(quit_, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::CreateDocks() {
  panel_ = new ExperimentPanel(bridge_, recent_, this);
  auto* experiment = new QDockWidget(tr("Experiment"), this);
  experiment->setObjectName("experimentDock");
  experiment->setWidget(panel_);
  experiment->setMinimumWidth(340);
  addDockWidget(Qt::LeftDockWidgetArea, experiment);

  log_ = new LogPane(this);
  runs_ = new RunsTable(this);
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

  DataSection* data = panel_->data_section();
  connect(data, &DataSection::errorOccurred, this, &MainWindow::ReportError);
  connect(data, &DataSection::csvLoaded, this, [this](const QString& path) {
    recent_->Add(path);
    log_->Append(LogLine::Level::kInfo, tr("Loaded %1").arg(path));
  });
}

void MainWindow::CreateMenusAndToolbar() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(open_);
  file->addAction(open_config_);
  recent_menu_ = file->addMenu(tr("Open &recent"));
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
  connect(recent_, &RecentFiles::changed, this, &MainWindow::UpdateRecentMenu);
  UpdateRecentMenu();

  QToolBar* bar = addToolBar(tr("Main"));
  bar->setObjectName("mainToolbar");
  bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  bar->setMovable(false);
  bar->addAction(open_);
  bar->addSeparator();
  auto* mode_label = new QLabel(tr(" Mode "), bar);
  bar->addWidget(mode_label);
  mode_ = new QComboBox(bar);
  mode_->setObjectName("modeCombo");
  for (const ModeInfo& info : AvailableModes()) {
    mode_->addItem(info.label, static_cast<int>(info.mode));
    mode_->setItemData(mode_->count() - 1, info.tooltip, Qt::ToolTipRole);
  }
  mode_->setToolTip(tr("What Run does"));
  bar->addWidget(mode_);
  connect(mode_, &QComboBox::currentIndexChanged, this, [this] {
    // Each mode shows its own view; Train's is the Training tab.
    ModeView* view = mode_view(CurrentMode());
    views_->setCurrentWidget(view != nullptr ? static_cast<QWidget*>(view) : training_view_);
  });
  bar->addSeparator();
  bar->addAction(run_);
  bar->addAction(stop_);
  bar->addSeparator();
  bar->addAction(export_);
}

void MainWindow::ConnectBridge() {
  connect(bridge_, &EngineBridge::runStarted, this, &MainWindow::OnRunStarted);
  connect(bridge_, &EngineBridge::epochsReceived, this, &MainWindow::OnEpochs);
  connect(bridge_, &EngineBridge::runFinished, this, &MainWindow::OnRunFinished);
  connect(bridge_, &EngineBridge::logLine, log_,
          qOverload<const LogLine&>(&LogPane::Append));
  // Train runs of an MLP stream the last hidden layer's projection into the Project tab.
  if (auto* projection = qobject_cast<ProjectionView*>(mode_view(Mode::kProject))) {
    connect(bridge_, &EngineBridge::projectionReceived, projection,
            &ProjectionView::ShowProjection);
  }
}

void MainWindow::AddModeViews() {
  for (const ModeInfo& info : AvailableModes()) {
    ModeView* view = CreateModeView(info.mode, views_);
    if (view == nullptr) continue;
    mode_views_[info.mode] = view;
    views_->addTab(view, info.label);
    views_->setTabToolTip(views_->count() - 1, info.tooltip);
    connect(view, &ModeView::started, this, [this](const QString& description, int total) {
      status_->ShowStarted(description, total);
      log_->Append(LogLine::Level::kInfo, tr("Run: %1").arg(description));
    });
    connect(view, &ModeView::progressed, this, [this](int done, int total, double elapsed) {
      status_->ShowProgress(done, total, elapsed);
    });
    connect(view, &ModeView::finished, this, [this](const QString& summary, bool ok) {
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
}

ModeView* MainWindow::mode_view(Mode mode) const {
  const auto it = mode_views_.find(mode);
  return it == mode_views_.end() ? nullptr : it->second;
}

Mode MainWindow::CurrentMode() const {
  return mode_ == nullptr ? Mode::kTrain : static_cast<Mode>(mode_->currentData().toInt());
}

void MainWindow::SetMode(Mode mode) {
  const int index = mode_->findData(static_cast<int>(mode));
  if (index >= 0) mode_->setCurrentIndex(index);
}

bool MainWindow::AnyRunning() const {
  if (bridge_->IsRunning()) return true;
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
    recent_menu_->addAction(path, this, [this, path] { OpenDataFile(path); });
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

void MainWindow::OpenDataFile(const QString& path) {
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

void MainWindow::OpenDialog() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open"), QString(),
      tr("Data or configuration (*.csv *.tsv *.txt *.json);;CSV files (*.csv *.tsv *.txt);;"
         "Configurations (*.json);;All files (*)"));
  if (!path.isEmpty()) OpenFile(path);
}

void MainWindow::OpenConfigDialog() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open configuration"), config_path_,
                                                    tr("Configurations (*.json);;All files (*)"));
  if (!path.isEmpty()) LoadConfigFile(path);
}

void MainWindow::ExportDialog(bool always_ask) {
  QString path = config_path_;
  if (always_ask || path.isEmpty()) {
    const QString suggestion =
        config_path_.isEmpty()
            ? QString::fromStdString(panel_->Config().name) + QStringLiteral(".json")
            : config_path_;
    path = QFileDialog::getSaveFileName(this, tr("Export configuration"), suggestion,
                                        tr("Configurations (*.json)"));
  }
  if (!path.isEmpty()) ExportConfig(path);
}

bool MainWindow::Run() {
  if (AnyRunning()) return false;
  const ExperimentConfig config = panel_->Config();
  const Status valid = ValidateExperimentConfig(config);
  if (!valid.ok()) {
    ReportError(tr("Invalid configuration: %1").arg(QString::fromStdString(valid.message())));
    return false;
  }
  if (ModeView* view = mode_view(CurrentMode())) {
    views_->setCurrentWidget(view);
    const bool started = view->Start(config);
    UpdateRunActions();
    return started;
  }
  ExperimentConfig run_config = config;
  auto* projection = qobject_cast<ProjectionView*>(mode_view(Mode::kProject));
  if (projection != nullptr && run_config.model.type == "mlp" && !run_config.model.hidden.empty()) {
    // About 30 hidden-layer projections per run, unless the configuration asks for a cadence.
    if (run_config.training.projection_every == 0) {
      run_config.training.projection_every = std::max(1, run_config.training.epochs / 30);
    }
    projection->ClearHistory();
  }
  if (!bridge_->StartRun(run_config)) return false;
  run_description_ = Describe(config);
  run_total_epochs_ = config.training.epochs;
  training_view_->loss_chart()->Reset(config.training.epochs);
  runs_->AddRun(run_description_, config.training.epochs);
  views_->setCurrentWidget(training_view_);
  status_->ShowStarted(tr("Starting %1").arg(run_description_), config.training.epochs);
  log_->Append(LogLine::Level::kInfo, tr("Run: %1").arg(run_description_));
  UpdateRunActions();
  return true;
}

void MainWindow::Stop() {
  for (const auto& [mode, view] : mode_views_) {
    if (view->IsRunning()) {
      view->RequestStop();
      status_->ShowIdle(tr("Stopping..."));
      log_->Append(LogLine::Level::kInfo, tr("Stop requested"));
    }
  }
  if (!bridge_->IsRunning()) return;
  bridge_->RequestStop();
  status_->ShowIdle(tr("Stopping %1...").arg(run_description_));
  log_->Append(LogLine::Level::kInfo, tr("Stop requested"));
}

void MainWindow::OnRunStarted(const RunStarted& started) {
  if (!started.description.empty()) {
    run_description_ = QString::fromStdString(started.description);
  }
  run_total_epochs_ = started.total_epochs;
  training_view_->OnRunStarted(started);
  status_->ShowStarted(tr("Training %1").arg(run_description_), started.total_epochs);
}

void MainWindow::OnEpochs(const std::vector<EpochMetrics>& epochs) {
  training_view_->OnEpochs(epochs);
  const EpochMetrics& last = epochs.back();
  runs_->ShowEpoch(last);
  status_->ShowProgress(last.epoch, last.total_epochs, last.elapsed_seconds);
}

void MainWindow::OnRunFinished(const RunFinished& finished) {
  training_view_->OnRunFinished(finished);
  runs_->ShowFinished(finished);
  const QString summary = Summary(finished);
  UpdateRunActions();
  if (finished.status == "failed") {
    ReportError(tr("The run failed: %1").arg(QString::fromStdString(finished.reason)));
  } else {
    log_->Append(LogLine::Level::kInfo, summary);
  }
  status_->ShowIdle(summary);
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
  bridge_->RequestStop();
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
}

void MainWindow::SaveSettings() {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
}

}  // namespace optiscope::ui
