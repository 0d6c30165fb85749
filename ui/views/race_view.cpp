#include "ui/views/race_view.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "engine/race/race.h"
#include "engine/race/test_function_race.h"
#include "engine/race/test_functions.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/chart_tool_bar.h"
#include "ui/charts/heat_map_widget.h"
#include "ui/charts/race_chart.h"
#include "ui/charts/series_palette.h"
#include "ui/job_runner.h"
#include "ui/views/race_setup_panel.h"

namespace optiscope::ui {
namespace {

constexpr int kStepsPerFrame = 3;

QString ShortNumber(double v, int digits = 4) {
  return std::isfinite(v) ? QString::number(v, 'g', digits) : QStringLiteral("-");
}

QList<QPointF> PointsOf(const std::vector<float>& xy) {
  QList<QPointF> points;
  for (size_t i = 0; i + 1 < xy.size(); i += 2) points.append(QPointF(xy[i], xy[i + 1]));
  return points;
}

}  // namespace

RaceView::RaceView(QWidget* parent) : ModeView(parent) {
  setObjectName("raceView");
  runner_ = new JobRunner(this);
  connect(runner_, &JobRunner::eventsReceived, this, &RaceView::OnEvents);
  connect(runner_, &JobRunner::finished, this, &RaceView::OnFinished);
  animation_ = new QTimer(this);
  animation_->setInterval(33);
  connect(animation_, &QTimer::timeout, this, &RaceView::AnimateStep);

  setup_ = new RaceSetupPanel(this);
  chart_ = new RaceChart(this);
  chart_->setObjectName("raceChart");
  ranking_ = new QTableWidget(0, 8, this);
  ranking_->setObjectName("raceRanking");
  ranking_->setHorizontalHeaderLabels({tr("#"), tr("optimizer"), tr("lr"), tr("best loss"),
                                       tr("at epoch"), tr("target epoch"), tr("target s"),
                                       tr("status")});
  ranking_->verticalHeader()->hide();
  ranking_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  ranking_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  ranking_->horizontalHeader()->setStretchLastSection(true);
  ranking_->setToolTip(
      tr("Ranked by best validation loss; the target is the worst optimizer's "
         "best loss, so the time columns compare like with like"));
  landscape_ = new HeatMapWidget(this);
  landscape_->setObjectName("raceLandscape");
  landscape_->SetTitle(tr("Loss landscape (PCA plane of the trajectories)"));
  landscape_->SetAxisTitles(tr("1st principal direction"), tr("2nd principal direction"));
  landscape_->setToolTip(
      tr("Training loss (log colour scale) on the plane spanned by the two "
         "principal directions of all weight trajectories, centred on the "
         "winner's final weights; each path is one optimizer, epoch by epoch"));
  function_ = new HeatMapWidget(this);
  function_->setObjectName("raceTestFunction");
  function_->SetAxisTitles("x", "y");
  function_->setToolTip(
      tr("Every optimizer from the same start on the true function; crosses "
         "mark the global minima"));
  boundary_ = new HeatMapWidget(this);
  boundary_->setObjectName("raceBoundary");
  boundary_->SetTitle(tr("Decision boundary (2-D data)"));
  boundary_->SetAxisTitles(tr("feature 1"), tr("feature 2"));
  boundary_->setToolTip(
      tr("The chosen optimizer's classifier on the input plane, updated every "
         "epoch; lighter = less confident"));
  boundary_racer_ = new QComboBox(this);
  boundary_racer_->setObjectName("raceBoundaryRacer");
  boundary_racer_->setToolTip(tr("Whose decision boundary to show"));
  connect(boundary_racer_, &QComboBox::currentIndexChanged, this, &RaceView::ShowBoundary);

  auto* boundary_page = new QWidget(this);
  auto* boundary_layout = new QVBoxLayout(boundary_page);
  boundary_layout->setContentsMargins(0, 0, 0, 0);
  boundary_layout->addWidget(boundary_racer_);
  boundary_layout->addWidget(boundary_, 1);
  lower_tabs_ = new QTabWidget(this);
  lower_tabs_->addTab(function_, tr("Test function"));
  lower_tabs_->addTab(boundary_page, tr("Decision boundary"));

  landscape_note_ = new QLabel(this);
  landscape_note_->setWordWrap(true);
  auto* landscape_page = new QWidget(this);
  auto* landscape_layout = new QVBoxLayout(landscape_page);
  landscape_layout->setContentsMargins(0, 0, 0, 0);
  landscape_layout->addWidget(landscape_, 1);
  landscape_layout->addWidget(landscape_note_);

  // Results: curves | landscape on top, ranking | test function / boundary below; one column
  // when the area is narrow. The area scrolls rather than letting panels overlap.
  results_ = new QWidget(this);
  results_->setObjectName("raceResults");
  landscape_page_ = landscape_page;
  results_grid_ = new QGridLayout(results_);
  results_grid_->setContentsMargins(0, 0, 0, 0);
  ArrangeResults(false);
  results_scroll_ = new QScrollArea(this);
  results_scroll_->setWidget(results_);
  results_scroll_->setWidgetResizable(true);
  results_scroll_->setFrameShape(QFrame::NoFrame);

  // Toolbar: wall-time toggle and exports.
  auto* bar = new QHBoxLayout();
  wall_time_ = new QCheckBox(tr("Wall time"), this);
  wall_time_->setObjectName("raceWallTime");
  wall_time_->setToolTip(tr("Plot the curves against seconds instead of epochs (Ctrl+T)"));
  connect(wall_time_, &QCheckBox::toggled, chart_, &RaceChart::SetWallTime);
  bar->addWidget(wall_time_);
  auto* chart_tools = new ChartToolBar(QStringLiteral("race"), tr("loss"), this);
  connect(chart_tools, &ChartToolBar::logScaleToggled, chart_, &RaceChart::SetLogScale);
  connect(chart_tools, &ChartToolBar::smoothingChanged, chart_, &RaceChart::SetSmoothing);
  bar->addStretch(1);
  const struct {
    QString text, kind, tip;
    QKeySequence key;
  } exports[] = {
      {tr("PNG..."), "png", tr("Export the race panels as a PNG image (Ctrl+Shift+P)"),
       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)},
      {tr("SVG..."), "svg", tr("Export the race panels as an SVG drawing (Ctrl+Shift+G)"),
       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G)},
      {tr("CSV..."), "csv", tr("Export every optimizer's curves as CSV (Ctrl+Shift+C)"),
       QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)},
  };
  for (const auto& e : exports) {
    auto* button = new QPushButton(e.text, this);
    button->setToolTip(e.tip);
    const QString kind = e.kind;
    connect(button, &QPushButton::clicked, this, [this, kind] { ExportDialog(kind); });
    bar->addWidget(button);
    auto* action = new QAction(this);
    action->setShortcut(e.key);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, [this, kind] { ExportDialog(kind); });
    addAction(action);
  }
  auto* toggle = new QAction(this);
  toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
  toggle->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  connect(toggle, &QAction::triggered, wall_time_, &QCheckBox::toggle);
  addAction(toggle);

  auto* right = new QWidget(this);
  auto* right_layout = new QVBoxLayout(right);
  right_layout->setContentsMargins(0, 0, 0, 0);
  right_layout->addLayout(bar);
  right_layout->addWidget(chart_tools);  // a row of its own: the bar is full on small screens
  right_layout->addWidget(results_scroll_, 1);
  auto* setup_scroll = new QScrollArea(this);  // short windows scroll the setup, never overlap it
  setup_scroll->setWidget(setup_);
  setup_scroll->setWidgetResizable(true);
  setup_scroll->setFrameShape(QFrame::NoFrame);
  setup_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  setup_scroll->setMinimumWidth(setup_->minimumSizeHint().width() +
                                setup_scroll->verticalScrollBar()->sizeHint().width());
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->setChildrenCollapsible(false);
  splitter->addWidget(setup_scroll);
  splitter->addWidget(right);
  splitter->setStretchFactor(0, 0);
  splitter->setStretchFactor(1, 1);
  splitter->setSizes({260, 900});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(splitter);
}

RaceView::~RaceView() {
  // The worker publishes into runner_; stop and join it before the widgets go.
  delete runner_;
  runner_ = nullptr;
}

bool RaceView::Start(const ExperimentConfig& config) {
  if (runner_->IsRunning()) return false;
  auto racers = setup_->Racers();
  if (!racers.ok()) {
    emit errorReported(QString::fromStdString(racers.status().message()));
    return false;
  }
  auto target = setup_->TargetLoss();
  if (!target.ok()) {
    emit errorReported(QString::fromStdString(target.status().message()));
    return false;
  }
  RaceOptions options;
  options.racers = *racers;
  options.target_loss = *target;
  options.tune_each = setup_->TuneEach();
  options.landscape = setup_->Landscape();
  const std::string function = setup_->TestFunction().toStdString();
  const int steps = setup_->TestFunctionSteps();

  racers_.clear();
  for (const RacerSpec& r : *racers) racers_ << QString::fromStdString(r.label);
  total_epochs_ = config.training.epochs;
  epochs_done_ = 0;
  chart_->Reset(racers_, config.training.epochs);
  ranking_->setRowCount(0);
  landscape_->Clear();
  landscape_note_->clear();
  function_->Clear();
  boundary_->Clear();
  boundaries_.clear();
  tuning_notes_.clear();
  finished_ = RaceFinished();
  boundary_racer_->blockSignals(true);
  boundary_racer_->clear();
  boundary_racer_->addItems(racers_);
  boundary_racer_->blockSignals(false);
  visible_steps_ = 0;
  function_->SetVisibleSteps(0);

  const bool launched = runner_->Start(
      [config, options, function, steps](std::stop_token stop, EventSink& sink) -> std::string {
        if (!function.empty()) {
          TestFunctionRaceOptions f;
          f.function = function;
          f.steps = steps;
          auto runs = RunTestFunctionRace(options.racers, f, sink, stop);
          if (!runs.ok() && runs.status().code() != StatusCode::kCancelled) {
            return runs.status().message();
          }
        }
        auto result = RunRace(config, options, sink, stop);
        return result.ok() ? std::string() : result.status().message();
      });
  if (!launched) return false;
  animation_->start();
  emit started(tr("Race of %1 optimizers: %2").arg(racers_.size()).arg(racers_.join(", ")),
               total_epochs_ * static_cast<int>(racers_.size()));
  return true;
}

void RaceView::ArrangeResults(bool narrow) {
  if (narrow == narrow_ && results_grid_->count() > 0) return;
  narrow_ = narrow;
  QWidget* panels[] = {chart_, landscape_page_, ranking_, lower_tabs_};
  for (QWidget* w : panels) results_grid_->removeWidget(w);
  for (int i = 0; i < 4; ++i) {
    results_grid_->setRowStretch(i, 0);
    results_grid_->setColumnStretch(i % 2, 0);
  }
  if (narrow) {
    for (int i = 0; i < 4; ++i) {
      results_grid_->addWidget(panels[i], i, 0);
      results_grid_->setRowStretch(i, 1);
    }
    results_grid_->setColumnStretch(0, 1);
  } else {
    results_grid_->addWidget(chart_, 0, 0);
    results_grid_->addWidget(landscape_page_, 0, 1);
    results_grid_->addWidget(ranking_, 1, 0);
    results_grid_->addWidget(lower_tabs_, 1, 1);
    results_grid_->setRowStretch(0, 3);
    results_grid_->setRowStretch(1, 2);
    results_grid_->setColumnStretch(0, 1);
    results_grid_->setColumnStretch(1, 1);
  }
}

void RaceView::resizeEvent(QResizeEvent* event) {
  ModeView::resizeEvent(event);
  // Side by side needs room for two panels (the curves' and the heat maps' minimum widths).
  const int room = results_scroll_->viewport()->width();
  ArrangeResults(room < chart_->minimumWidth() + landscape_->minimumWidth() + 60);
}

void RaceView::FitRankingHeight() {
  // Every row shown: the table never scrolls, on screen or in an exported picture.
  int height = ranking_->horizontalHeader()->height() + 2 * ranking_->frameWidth();
  for (int r = 0; r < ranking_->rowCount(); ++r) height += ranking_->rowHeight(r);
  if (ranking_->horizontalScrollBar()->isVisible()) {
    height += ranking_->horizontalScrollBar()->height();
  }
  ranking_->setMinimumHeight(std::max(120, height));
}

void RaceView::RequestStop() { runner_->RequestStop(); }

bool RaceView::IsRunning() const { return runner_ != nullptr && runner_->IsRunning(); }

QColor RaceView::RacerColor(const QString& racer) const {
  const int i = racers_.indexOf(racer);
  return SeriesColor(i < 0 ? 0 : i);
}

void RaceView::OnEvents(const std::vector<Event>& events) {
  std::vector<EpochMetrics> epochs;
  double elapsed = 0;
  for (const Event& event : events) {
    if (const auto* e = std::get_if<EpochMetrics>(&event)) {
      epochs.push_back(*e);
      elapsed = std::max(elapsed, e->elapsed_seconds);
    } else if (const auto* s = std::get_if<RaceStarted>(&event)) {
      emit logMessage(tr("Race: %1").arg(QString::fromStdString(s->description)));
      if (!s->points_xy.empty()) {
        boundary_->SetPoints(PointsOf(s->points_xy),
                             QList<int>(s->point_labels.begin(), s->point_labels.end()));
      } else {
        boundary_->SetTitle(tr("Decision boundary (only for 2-feature classification data)"));
      }
    } else if (const auto* t = std::get_if<RacerTuned>(&event)) {
      const QString note =
          tr("%1 tuned: lr %2").arg(QString::fromStdString(t->racer)).arg(ShortNumber(t->chosen_lr));
      tuning_notes_ << note;
      emit logMessage(note);
    } else if (const auto* b = std::get_if<DecisionBoundary>(&event)) {
      boundaries_[QString::fromStdString(b->racer)] = *b;
    } else if (const auto* f = std::get_if<TestFunctionSurface>(&event)) {
      auto info = GetSurfaceFunction(f->function);
      function_->SetTitle(tr("Test function: %1").arg(QString::fromStdString(f->function)));
      function_->SetScalarField(f->nx, f->ny, f->x_min, f->x_max, f->y_min, f->y_max, f->values,
                                info.ok() && info->log_scale);
      function_->SetMarkers(PointsOf(f->minima_xy));
    } else if (const auto* p = std::get_if<TestFunctionPath>(&event)) {
      const QString racer = QString::fromStdString(p->racer);
      function_->AppendToPath(racer, RacerColor(racer), PointsOf(p->xy));
    } else if (const auto* l = std::get_if<LossLandscape>(&event)) {
      QList<HeatMapWidget::Path> paths;
      for (const LandscapePath& path : l->paths) {
        const QString racer = QString::fromStdString(path.racer);
        paths.append({racer, RacerColor(racer), PointsOf(path.ab)});
      }
      landscape_->SetScalarField(l->nx, l->ny, l->a_min, l->a_max, l->b_min, l->b_max, l->loss,
                                 true);
      landscape_->SetPaths(paths);
      landscape_note_->setText(tr("Origin: %1. Directions explain %2% and %3% of the paths' "
                                  "spread; loss on %4 training rows.")
                                   .arg(QString::fromStdString(l->center))
                                   .arg(100 * l->explained[0], 0, 'f', 1)
                                   .arg(100 * l->explained[1], 0, 'f', 1)
                                   .arg(l->rows_used));
    } else if (const auto* r = std::get_if<RaceFinished>(&event)) {
      ShowStandings(*r);
    } else if (const auto* log = std::get_if<LogLine>(&event)) {
      emit logMessage(QString::fromStdString(log->text));
    }
  }
  if (!epochs.empty()) {
    chart_->AddEpochs(epochs);
    epochs_done_ += static_cast<int>(epochs.size());
    emit progressed(epochs_done_, total_epochs_ * static_cast<int>(racers_.size()), elapsed);
  }
  ShowBoundary();
}

void RaceView::ShowBoundary() {
  const auto it = boundaries_.find(boundary_racer_->currentText());
  if (it == boundaries_.end()) return;
  const DecisionBoundary& b = *it;
  boundary_->SetClassField(b.nx, b.ny, b.x_min, b.x_max, b.y_min, b.y_max, b.labels, b.confidence);
  boundary_->SetTitle(
      tr("Decision boundary: %1, epoch %2").arg(QString::fromStdString(b.racer)).arg(b.epoch));
}

void RaceView::ShowStandings(const RaceFinished& f) {
  finished_ = f;
  ranking_->setRowCount(static_cast<int>(f.standings.size()));
  int row = 0;
  for (const RaceStanding& s : f.standings) {
    const QString name = QString::fromStdString(s.optimizer);
    QString status = QString::fromLatin1(RunEndName(s.status));
    if (!s.reason.empty()) status += QStringLiteral(" (%1)").arg(QString::fromStdString(s.reason));
    const QStringList cells = {QString::number(s.rank),
                               name,
                               ShortNumber(s.lr) + (s.tuned ? QStringLiteral(" *") : QString()),
                               ShortNumber(s.best_val_loss),
                               QString::number(s.best_epoch),
                               s.target_epoch > 0 ? QString::number(s.target_epoch) : "-",
                               ShortNumber(s.target_seconds, 3),
                               status};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      if (c == 1) item->setForeground(RacerColor(name));
      ranking_->setItem(row, c, item);
    }
    ++row;
  }
  ranking_->resizeColumnsToContents();
  FitRankingHeight();
  ranking_->setToolTip(
      tr("Target %1 loss %2 (the worst optimizer's best). %3")
          .arg(QString::fromStdString(f.monitored), ShortNumber(f.target_loss),
               tuning_notes_.isEmpty() ? QString() : tr("* lr tuned per optimizer.")));
}

void RaceView::AnimateStep() {
  visible_steps_ += kStepsPerFrame;
  function_->SetVisibleSteps(visible_steps_);
  if (!runner_->IsRunning() && visible_steps_ >= function_->LongestPath()) FinishAnimation();
}

void RaceView::FinishAnimation() {
  animation_->stop();
  visible_steps_ = function_->LongestPath();
  function_->SetVisibleSteps(-1);
}

void RaceView::OnFinished(const QString& error, bool cancelled) {
  if (!error.isEmpty()) {
    FinishAnimation();
    emit finished(tr("Race failed: %1").arg(error), false);
    return;
  }
  if (cancelled) {
    // A panel whose step the stop cut short says so instead of "No data yet".
    if (setup_->Landscape() && !landscape_->HasField()) {
      landscape_->SetPlaceholder(tr("Stopped before the loss landscape was computed"));
    }
    if (!setup_->TestFunction().isEmpty() && !function_->HasField()) {
      function_->SetPlaceholder(tr("Stopped before the test function race"));
    }
    if (finished_.standings.empty()) {
      landscape_note_->setText(tr("The race was stopped before it finished: no ranking."));
    }
  }
  QString summary = cancelled ? tr("Race stopped") : tr("Race finished");
  if (!finished_.standings.empty()) {
    const RaceStanding& w = finished_.standings.front();
    summary += tr(": %1 first (best %2 loss %3)")
                   .arg(QString::fromStdString(w.optimizer),
                        QString::fromStdString(finished_.monitored), ShortNumber(w.best_val_loss));
  }
  emit finished(summary, true);
}

bool RaceView::ExportPng(const QString& path) { return SaveWidgetPng(results_, path); }

bool RaceView::ExportSvg(const QString& path) {
  return SaveWidgetSvg(results_, path, tr("Optiscope optimizer race"));
}

bool RaceView::ExportCsv(const QString& path) {
  return SaveBytesAtomically(path, chart_->ToCsv().toUtf8());
}

void RaceView::ExportDialog(const QString& kind) {
  const QString filter = kind == "png"   ? tr("PNG images (*.png)")
                         : kind == "svg" ? tr("SVG drawings (*.svg)")
                                         : tr("CSV files (*.csv)");
  const QString path =
      QFileDialog::getSaveFileName(this, tr("Export race"), "race." + kind, filter);
  if (path.isEmpty()) return;
  const bool ok = kind == "png"   ? ExportPng(path)
                  : kind == "svg" ? ExportSvg(path)
                                  : ExportCsv(path);
  if (ok) {
    emit logMessage(tr("Exported the race to %1").arg(path));
  } else {
    emit errorReported(tr("Cannot write %1").arg(path));
  }
}

}  // namespace optiscope::ui
