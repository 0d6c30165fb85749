#include "ui/charts/runs_chart.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QToolTip>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/charts/chart_tools.h"
#include "ui/charts/series_palette.h"
#include "ui/charts/smoothing.h"

namespace optiscope::ui {
namespace {

// True when the run has a validation loss (then that is its loss curve, else the train loss).
bool RunsChartHasValidation(const ComparedRun& run) {
  return std::any_of(run.epochs.begin(), run.epochs.end(),
                     [](const RunEpoch& e) { return std::isfinite(e.val_loss); });
}

// "1.25" or "" for NaN: CSV cells.
QString RunsChartCell(double v) {
  return std::isfinite(v) ? QString::number(v, 'g', 9) : QString();
}

struct RunsChartRange {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();
  void Add(const QList<QPointF>& points) {
    for (const QPointF& p : points) {
      low = std::min(low, p.y());
      high = std::max(high, p.y());
    }
  }
  bool empty() const { return !(low <= high); }
};

}  // namespace

RunsChart::RunsChart(QWidget* parent) : QChartView(parent) {
  setObjectName("runsChart");
  auto* chart = new QChart();
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(2, 2, 2, 2));
  setChart(chart);
  setRenderHint(QPainter::Antialiasing);
  setRubberBand(QChartView::RectangleRubberBand);
  setMinimumSize(200, 80);
  setToolTip(
      tr("The checked runs: loss solid (left axis), validation metric dashed (right axis). "
         "Hover a curve for its values; drag to zoom, Shift+drag to pan, Ctrl+wheel to "
         "zoom, double-click to reset; right-click to export."));
  navigator_ = new ChartNavigator(this);
  connect(navigator_, &ChartNavigator::resetRequested, this, [this] {
    this->chart()->zoomReset();
    Rebuild();
  });
  Rebuild();
}

void RunsChart::SetRuns(std::vector<ComparedRun> runs, const QString& title) {
  runs_ = std::move(runs);
  title_ = title;
  Rebuild();
}

void RunsChart::SetLogScale(bool on) {
  if (on == log_scale_) return;
  log_scale_ = on;
  Rebuild();
}

void RunsChart::SetSmoothing(double weight) {
  const double w = std::clamp(weight, 0.0, 0.99);
  if (w == smoothing_) return;
  smoothing_ = w;
  Rebuild();
}

void RunsChart::Rebuild() {
  QChart* c = chart();
  c->removeAllSeries();
  const QList<QAbstractAxis*> old_axes = c->axes();
  for (QAbstractAxis* axis : old_axes) {
    c->removeAxis(axis);
    delete axis;
  }
  loss_.clear();
  metric_.clear();
  c->setTitle(runs_.empty() ? tr("Check runs to compare their curves") : title_);
  InstallAxes();
  RunsChartRange loss_range;
  RunsChartRange metric_range;
  int last_epoch = 2;
  for (int i = 0; i < static_cast<int>(runs_.size()); ++i) {
    const auto [loss, metric] = AddRunSeries(i);
    loss_range.Add(loss);
    metric_range.Add(metric);
    for (const RunEpoch& e : runs_[static_cast<size_t>(i)].epochs) {
      last_epoch = std::max(last_epoch, e.epoch);
    }
  }
  x_axis_->setRange(1, last_epoch);
  if (last_epoch <= 10) {
    x_axis_->setTickCount(last_epoch);
  } else {
    x_axis_->applyNiceNumbers();
  }
  if (loss_range.empty()) {
    loss_range.low = log_scale_ ? 0.1 : 0.0;
    loss_range.high = 1.0;
  }
  if (auto* log_axis = qobject_cast<QLogValueAxis*>(y_axis_)) {
    log_axis->setRange(loss_range.low / 1.5, loss_range.high * 1.5);
  } else if (auto* linear = qobject_cast<QValueAxis*>(y_axis_)) {
    const double span = loss_range.high - loss_range.low;
    const double low = loss_range.low > 0.5 * loss_range.high ? loss_range.low - 0.1 * span : 0.0;
    linear->setRange(low, loss_range.high + 0.06 * std::max(span, 1e-9) + 1e-12);
    linear->applyNiceNumbers();
  }
  metric_axis_->setVisible(!metric_range.empty());
  if (!metric_range.empty()) {
    SetMetricAxisRange(metric_axis_, metric_range.low, metric_range.high);
  }
}

void RunsChart::InstallAxes() {
  QChart* c = chart();
  x_axis_ = new QValueAxis();
  x_axis_->setTitleText(tr("epoch"));
  x_axis_->setLabelFormat("%d");
  if (log_scale_) {
    auto* log_axis = new QLogValueAxis();
    log_axis->setLabelFormat("%.3g");
    log_axis->setBase(10.0);
    y_axis_ = log_axis;
  } else {
    auto* linear = new QValueAxis();
    linear->setLabelFormat("%.3g");
    y_axis_ = linear;
  }
  y_axis_->setTitleText(log_scale_ ? tr("loss (log)") : tr("loss"));
  metric_axis_ = new QValueAxis();
  metric_axis_->setLabelFormat("%.3g");
  QStringList metric_names;
  for (const ComparedRun& run : runs_) {
    if (!run.metric_name.isEmpty() && !metric_names.contains(run.metric_name)) {
      metric_names << run.metric_name;
    }
  }
  metric_axis_->setTitleText(tr("validation %1").arg(metric_names.join(" / ")));
  c->addAxis(x_axis_, Qt::AlignBottom);
  c->addAxis(y_axis_, Qt::AlignLeft);
  c->addAxis(metric_axis_, Qt::AlignRight);
  ApplyChartPalette(c, palette(), {x_axis_, y_axis_, metric_axis_});
  FitAxisTitles();
}

void RunsChart::FitAxisTitles() {
  const bool room = height() >= 240;
  for (QAbstractAxis* axis : std::initializer_list<QAbstractAxis*>{x_axis_, y_axis_, metric_axis_}) {
    if (axis != nullptr) axis->setTitleVisible(room);
  }
}

void RunsChart::resizeEvent(QResizeEvent* event) {
  QChartView::resizeEvent(event);
  FitAxisTitles();
}

std::pair<QList<QPointF>, QList<QPointF>> RunsChart::AddRunSeries(int i) {
  const ComparedRun& run = runs_[static_cast<size_t>(i)];
  const bool validation = RunsChartHasValidation(run);
  QList<QPointF> loss_points;
  QList<QPointF> metric_points;
  for (const RunEpoch& e : run.epochs) {
    const double loss = validation ? e.val_loss : e.train_loss;
    if (std::isfinite(loss) && (!log_scale_ || loss > 0.0)) {
      loss_points.append(QPointF(e.epoch, loss));
    }
    if (std::isfinite(e.val_metric) && !run.metric_name.isEmpty()) {
      metric_points.append(QPointF(e.epoch, e.val_metric));
    }
  }
  loss_points = SmoothEma(loss_points, smoothing_);
  metric_points = SmoothEma(metric_points, smoothing_);

  const QColor color = SeriesColor(static_cast<int>(run.id % 1000));
  auto* loss = new QLineSeries();
  loss->setName(run.legend);
  loss->replace(loss_points);
  loss->setPen(QPen(color, 2.0));
  loss->setPointsVisible(loss_points.size() <= 40);
  auto* metric = new QLineSeries();
  metric->setName(run.legend + " \u00b7 " + run.metric_name);
  metric->replace(metric_points);
  QPen dashed(color, 1.5);
  dashed.setStyle(Qt::DashLine);
  metric->setPen(dashed);
  metric->setPointsVisible(metric_points.size() <= 40);
  QChart* c = chart();
  c->addSeries(loss);
  c->addSeries(metric);
  loss->attachAxis(x_axis_);
  loss->attachAxis(y_axis_);
  metric->attachAxis(x_axis_);
  metric->attachAxis(metric_axis_);
  // One legend entry per run: the dashed metric curve has the same colour.
  for (QLegendMarker* marker : c->legend()->markers(metric)) marker->setVisible(false);
  connect(loss, &QLineSeries::hovered, this,
          [this, i](const QPointF& p, bool state) { ShowHover(i, p, state); });
  connect(metric, &QLineSeries::hovered, this,
          [this, i](const QPointF& p, bool state) { ShowHover(i, p, state); });
  loss_.append(loss);
  metric_.append(metric);
  return {loss_points, metric_points};
}

QStringList RunsChart::LegendTexts() const {
  // One entry per run: its loss curve's (the metric curves' markers are hidden).
  QStringList texts;
  for (QLineSeries* series : loss_) {
    for (QLegendMarker* marker : chart()->legend()->markers(series)) texts << marker->label();
  }
  return texts;
}

QString RunsChart::ToCsv() const {
  QString csv = QStringLiteral("run,epoch,train_loss,val_loss,train_metric,val_metric\n");
  for (const ComparedRun& run : runs_) {
    QString name = run.legend;
    name.replace('"', QStringLiteral("\"\""));
    for (const RunEpoch& e : run.epochs) {
      csv += QStringLiteral("\"%1\",%2,%3,%4,%5,%6\n")
                 .arg(name)
                 .arg(e.epoch)
                 .arg(RunsChartCell(e.train_loss), RunsChartCell(e.val_loss),
                      RunsChartCell(e.train_metric), RunsChartCell(e.val_metric));
    }
  }
  return csv;
}

void RunsChart::ShowHover(int run, const QPointF& point, bool state) {
  if (!state || run < 0 || run >= static_cast<int>(runs_.size())) {
    QToolTip::hideText();
    return;
  }
  const ComparedRun& r = runs_[static_cast<size_t>(run)];
  const int epoch = static_cast<int>(std::lround(point.x()));
  QString text = QStringLiteral("%1\n%2").arg(r.legend, tr("epoch %1").arg(epoch));
  for (const RunEpoch& e : r.epochs) {
    if (e.epoch != epoch) continue;
    if (std::isfinite(e.train_loss)) text += tr("\ntrain loss %1").arg(e.train_loss, 0, 'g', 5);
    if (std::isfinite(e.val_loss)) text += tr("\nvalidation loss %1").arg(e.val_loss, 0, 'g', 5);
    if (std::isfinite(e.val_metric) && !r.metric_name.isEmpty()) {
      text += tr("\nvalidation %1 %2").arg(r.metric_name).arg(e.val_metric, 0, 'g', 5);
    }
  }
  QToolTip::showText(QCursor::pos(), text, this);
}

void RunsChart::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  menu.addAction(tr("Reset zoom"), this, [this] {
    chart()->zoomReset();
    Rebuild();
  });
  menu.addSeparator();
  AddChartExportActions(&menu, this, QStringLiteral("runs"), tr("Optiscope runs"),
                        [this] { return ToCsv(); });
  menu.exec(event->globalPos());
}

void RunsChart::mouseReleaseEvent(QMouseEvent* event) {
  // The right button opens the context menu instead of QChartView's "zoom out".
  if (event->button() == Qt::RightButton) {
    event->accept();
    return;
  }
  QChartView::mouseReleaseEvent(event);
}

void RunsChart::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) Rebuild();
  QChartView::changeEvent(event);
}

}  // namespace optiscope::ui
