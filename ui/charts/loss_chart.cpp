#include "ui/charts/loss_chart.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QToolTip>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "ui/charts/chart_export.h"
#include "ui/charts/chart_tools.h"
#include "ui/charts/decimate.h"
#include "ui/charts/nice_step.h"
#include "ui/charts/series_palette.h"
#include "ui/charts/smoothing.h"

namespace optiscope::ui {
namespace {

// The y value of the point at this epoch, or NaN.
double ValueAt(const QList<QPointF>& points, int epoch) {
  for (const QPointF& p : points) {
    if (static_cast<int>(std::lround(p.x())) == epoch) return p.y();
  }
  return std::nan("");
}

// The points a logarithmic axis can show (y > 0).
QList<QPointF> LossChartPositive(const QList<QPointF>& points) {
  QList<QPointF> out;
  for (const QPointF& p : points) {
    if (p.y() > 0.0) out.append(p);
  }
  return out;
}

// The texts naming what the x axis counts (LossChart::SetStepName).
struct StepTexts {
  QString axis;    // "epoch", "number of trees"
  QString title;   // "Loss per epoch", "Loss by number of trees"
  QString point;   // "epoch %1", "%1 trees"
  QString column;  // the CSV's first column: "epoch", "trees"
};

StepTexts TextsFor(const QString& step) {
  if (step == QLatin1String("tree")) {
    return {QObject::tr("number of trees"), QObject::tr("Loss by number of trees"),
            QObject::tr("%1 trees"), QStringLiteral("trees")};
  }
  if (step == QLatin1String("stage")) {
    return {QObject::tr("boosting stages"), QObject::tr("Loss by number of boosting stages"),
            QObject::tr("%1 stages"), QStringLiteral("stages")};
  }
  return {QObject::tr("epoch"), QObject::tr("Loss per epoch"), QObject::tr("epoch %1"),
          QStringLiteral("epoch")};
}

QString LossChartCsvCell(double v) {
  return std::isfinite(v) ? QString::number(v, 'g', 9) : QString();
}

}  // namespace

LossChart::LossChart(QWidget* parent) : QChartView(parent) {
  auto* chart = new QChart();
  chart->setTitle(tr("Loss per epoch"));
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
  train_ = new QLineSeries(chart);
  train_->setName(tr("train loss"));
  validation_ = new QLineSeries(chart);
  validation_->setName(tr("validation loss"));
  train_metric_ = new QLineSeries(chart);
  validation_metric_ = new QLineSeries(chart);
  best_ = new QScatterSeries(chart);
  best_->setMarkerSize(11);
  best_->setMarkerShape(QScatterSeries::MarkerShapeStar);
  stop_ = new QLineSeries(chart);
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{train_, validation_, train_metric_,
                                                        validation_metric_, best_, stop_}) {
    chart->addSeries(s);
  }
  x_axis_ = new QValueAxis(chart);
  x_axis_->setTitleText(tr("epoch"));
  x_axis_->setLabelFormat("%d");
  metric_axis_ = new QValueAxis(chart);
  metric_axis_->setLabelFormat("%.3g");
  chart->addAxis(x_axis_, Qt::AlignBottom);
  chart->addAxis(metric_axis_, Qt::AlignRight);
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{train_, validation_, train_metric_,
                                                        validation_metric_, best_, stop_}) {
    s->attachAxis(x_axis_);
  }
  for (QLineSeries* s : {train_metric_, validation_metric_}) s->attachAxis(metric_axis_);
  for (QLineSeries* s : {train_, validation_, train_metric_, validation_metric_}) {
    connect(s, &QLineSeries::hovered, this, &LossChart::ShowHover);
  }
  setChart(chart);
  InstallLossAxis();
  setRenderHint(QPainter::Antialiasing);
  setRubberBand(QChartView::RectangleRubberBand);
  setMinimumSize(320, 216);  // with the tool row above it, as tall as before (240)
  setToolTip(
      tr("Loss per epoch (solid, left axis) and the metric (dashed, right axis). Hover a "
         "curve for values; drag to zoom, Shift+drag to pan, Ctrl+wheel to zoom, "
         "double-click to reset; right-click to export."));
  auto* navigator = new ChartNavigator(this);
  connect(navigator, &ChartNavigator::resetRequested, this, [this] {
    this->chart()->zoomReset();
    Refresh();
  });
  SetMetricName(QString());
  Reset(1);
}

void LossChart::InstallLossAxis() {
  if (y_axis_ != nullptr) {
    chart()->removeAxis(y_axis_);  // detaches the series
    delete y_axis_;
  }
  y_axis_ = NewLossAxis(log_scale_);
  chart()->addAxis(y_axis_, Qt::AlignLeft);
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{train_, validation_, best_, stop_}) {
    s->attachAxis(y_axis_);
  }
  ApplyPalette();
}

void LossChart::SetMetricName(const QString& name) {
  metric_name_ = name;
  const bool shown = !name.isEmpty();
  UpdateTitle();
  for (QLineSeries* s : {train_metric_, validation_metric_}) {
    s->setVisible(shown);
    for (QLegendMarker* m : chart()->legend()->markers(s)) m->setVisible(false);
  }
  metric_axis_->setVisible(shown);
  Refresh();
}

void LossChart::SetSecondMetricName(const QString& name) {
  second_name_ = name;
  UpdateTitle();
}

void LossChart::SetDashedMetric(DashedMetric which) {
  if (which == dashed_) return;
  dashed_ = which;
  UpdateTitle();
  chart()->zoomReset();  // the metric axis spans other values
  Refresh();
}

QString LossChart::DashedName() const {
  if (dashed_ == DashedMetric::kSecond) {
    if (!second_name_.isEmpty()) return second_name_;
    return points_[kTrainR2].isEmpty() && points_[kValR2].isEmpty() ? tr("F1") : tr("R²");
  }
  return metric_name_;
}

std::array<const QList<QPointF>*, 2> LossChart::DashedPoints() const {
  if (dashed_ == DashedMetric::kMetric) return {&points_[kTrainMetric], &points_[kValMetric]};
  // A run carries F1 (classification) or R² (regression), never both.
  if (!points_[kTrainF1].isEmpty() || !points_[kValF1].isEmpty()) {
    return {&points_[kTrainF1], &points_[kValF1]};
  }
  return {&points_[kTrainR2], &points_[kValR2]};
}

void LossChart::UpdateTitle() {
  // The split's colour is the legend's (train, validation); the title says what dashes are, so
  // the legend keeps two entries and fits a small window.
  const QString title = TextsFor(step_name_).title;
  const QString dashed = DashedName();
  train_metric_->setName(tr("train %1").arg(dashed));
  validation_metric_->setName(tr("validation %1").arg(dashed));
  metric_axis_->setTitleText(dashed);
  chart()->setTitle(metric_name_.isEmpty() ? title : tr("%1 (dashed: %2)").arg(title, dashed));
}

void LossChart::SetStepName(const QString& step_name) {
  step_name_ = step_name.isEmpty() ? QStringLiteral("epoch") : step_name;
  x_axis_->setTitleText(TextsFor(step_name_).axis);
  UpdateTitle();
}

void LossChart::SetLogScale(bool on) {
  if (on == log_scale_) return;
  log_scale_ = on;
  chart()->zoomReset();
  InstallLossAxis();
  Refresh();
}

void LossChart::SetSmoothing(double weight) {
  smoothing_ = std::clamp(weight, 0.0, 0.99);
  Refresh();
}

void LossChart::Reset(int total_epochs) {
  total_epochs_ = std::max(1, total_epochs);
  for (QList<QPointF>& column : points_) column.clear();
  MarkEarlyStopping(0, 0, false);
  chart()->zoomReset();
  Refresh();
}

void LossChart::MarkEarlyStopping(int best_epoch, int stopped_epoch, bool stopped_early) {
  best_->clear();
  stop_->clear();
  const bool marked = best_epoch > 0;
  const QList<QPointF>& curve =
      points_[kValLoss].isEmpty() ? points_[kTrainLoss] : points_[kValLoss];
  const double best_y = ValueAt(curve, best_epoch);
  if (marked && std::isfinite(best_y)) best_->append(best_epoch, best_y);
  best_->setName(marked ? tr("best epoch %1 (weights kept)").arg(best_epoch) : QString());
  if (stopped_early && stopped_epoch > 0) {
    double y_max = 0.0;
    double y_min_positive = std::numeric_limits<double>::infinity();
    for (const auto* list : {&points_[kTrainLoss], &points_[kValLoss]}) {
      for (const QPointF& p : *list) {
        y_max = std::max(y_max, p.y());
        if (p.y() > 0.0) y_min_positive = std::min(y_min_positive, p.y());
      }
    }
    // A logarithmic axis has no zero: the line starts at the lowest loss drawn.
    const double y_low = log_scale_ && std::isfinite(y_min_positive) ? y_min_positive : 0.0;
    stop_->append(stopped_epoch, y_low);
    stop_->append(stopped_epoch, y_max);
  }
  stop_->setName(stopped_early ? tr("stopped at epoch %1").arg(stopped_epoch) : QString());
  FitLegend();
}

void LossChart::FitLegend() {
  // The early-stopping marks join the legend only when it has room for four entries; a narrow
  // chart (a 1024x700 window) keeps train and validation whole and shows the marks unnamed.
  const bool room = width() >= kWideLegendPx;
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{best_, stop_}) {
    for (QLegendMarker* m : chart()->legend()->markers(s)) m->setVisible(room && s->count() > 0);
  }
}

void LossChart::AddEpochs(const std::vector<EpochMetrics>& epochs) {
  const bool had_second = !points_[kTrainR2].isEmpty() || !points_[kValR2].isEmpty();
  for (const EpochMetrics& e : epochs) {
    const std::array<double, kNumColumns> values = {e.train_loss, e.val_loss, e.train_metric,
                                                    e.val_metric, e.train_f1, e.val_f1,
                                                    e.train_r2,   e.val_r2};
    for (int c = 0; c < kNumColumns; ++c) {
      if (std::isfinite(values[c])) points_[c].append(QPointF(e.epoch, values[c]));
    }
    total_epochs_ = std::max(total_epochs_, e.epoch);
  }
  // Without a name given, the second metric's name follows the data (F1 or R²).
  if (second_name_.isEmpty() &&
      had_second != (!points_[kTrainR2].isEmpty() || !points_[kValR2].isEmpty())) {
    UpdateTitle();
  }
  Refresh();
}

void LossChart::Refresh() {
  const int buckets = std::max(16, static_cast<int>(chart()->plotArea().width()) / 2);
  auto drawn = [&](const QList<QPointF>& raw, bool loss) {
    const QList<QPointF> points = loss && log_scale_ ? LossChartPositive(raw) : raw;
    return DecimateMinMax(SmoothEma(points, smoothing_), buckets);
  };
  train_->replace(drawn(points_[kTrainLoss], true));
  validation_->replace(drawn(points_[kValLoss], true));
  const bool metric = !metric_name_.isEmpty();
  const std::array<const QList<QPointF>*, 2> dashed = DashedPoints();
  train_metric_->replace(metric ? drawn(*dashed[0], false) : QList<QPointF>());
  validation_metric_->replace(metric ? drawn(*dashed[1], false) : QList<QPointF>());
  for (QLineSeries* s : {train_, validation_, train_metric_, validation_metric_}) {
    s->setPointsVisible(s->count() <= 60);
  }

  double y_max = 0.0;
  double y_min = std::numeric_limits<double>::infinity();
  for (const auto* list : {&points_[kTrainLoss], &points_[kValLoss]}) {
    for (const QPointF& p : *list) {
      if (log_scale_ && p.y() <= 0.0) continue;
      y_max = std::max(y_max, p.y());
      y_min = std::min(y_min, p.y());
    }
  }
  if (!std::isfinite(y_min)) {
    y_min = log_scale_ ? 0.1 : 0.0;
    y_max = 1.0;
  }
  if (chart()->isZoomed()) return;
  // Integer epoch ticks: each epoch up to 10, else a 1-2-5 step from 0, with at most as many
  // ticks as labels of the largest number fit side by side (a small window keeps "100" whole).
  const int digits = static_cast<int>(QString::number(total_epochs_).size());
  const int label_px = fontMetrics().horizontalAdvance(QString(digits + 2, QLatin1Char('0')));
  const int plot_px = std::max(1, width() - 130);  // less the two value axes
  const int max_ticks = std::clamp(plot_px / std::max(1, label_px), 3, 11);
  if (total_epochs_ <= 10 && total_epochs_ <= max_ticks) {
    const int last = std::max(2, total_epochs_);
    x_axis_->setRange(1, last);
    x_axis_->setTickCount(last);
  } else {
    const double step = NiceStep(total_epochs_ / static_cast<double>(max_ticks - 1));
    const double last = std::ceil(total_epochs_ / step) * step;
    x_axis_->setRange(0, last);
    x_axis_->setTickCount(static_cast<int>(std::lround(last / step)) + 1);
  }
  if (auto* log_axis = qobject_cast<QLogValueAxis*>(y_axis_)) {
    log_axis->setRange(y_min / 1.3, std::max(y_max, y_min) * 1.3);
  } else if (auto* axis = qobject_cast<QValueAxis*>(y_axis_)) {
    // Start at zero unless the curves live far from it (then zoom onto them).
    const double low = y_min > 0.5 * y_max ? y_min - 0.1 * (y_max - y_min) : 0.0;
    double high = y_max + 0.06 * (y_max - low);
    if (high <= low) high = low + 1.0;
    const double step = NiceStep((high - low) / 5.0);
    const double nice_low = std::floor(low / step) * step;
    const double nice_high = std::ceil(high / step) * step;
    axis->setRange(nice_low, nice_high);
    axis->setTickCount(static_cast<int>(std::lround((nice_high - nice_low) / step)) + 1);
  }
  double m_low = std::numeric_limits<double>::infinity();
  double m_high = -std::numeric_limits<double>::infinity();
  for (const QList<QPointF>* list : dashed) {
    for (const QPointF& p : *list) {
      m_low = std::min(m_low, p.y());
      m_high = std::max(m_high, p.y());
    }
  }
  if (metric && m_low <= m_high) SetMetricAxisRange(metric_axis_, m_low, m_high);
}

void LossChart::ShowHover(const QPointF& point, bool state) {
  if (!state) {
    QToolTip::hideText();
    return;
  }
  const int epoch = static_cast<int>(std::lround(point.x()));
  const double train = ValueAt(points_[kTrainLoss], epoch);
  const double val = ValueAt(points_[kValLoss], epoch);
  QString text = TextsFor(step_name_).point.arg(epoch);
  if (std::isfinite(train)) text += tr("\ntrain loss %1").arg(train, 0, 'g', 5);
  if (std::isfinite(val)) text += tr("\nvalidation loss %1").arg(val, 0, 'g', 5);
  if (!metric_name_.isEmpty()) {
    // Every metric the epoch carries, whichever is drawn.
    const std::array<std::pair<Column, QString>, 6> metrics = {
        std::pair{kTrainMetric, tr("train %1").arg(metric_name_)},
        std::pair{kValMetric, tr("validation %1").arg(metric_name_)},
        std::pair{kTrainF1, tr("train F1")},
        std::pair{kValF1, tr("validation F1")},
        std::pair{kTrainR2, tr("train R²")},
        std::pair{kValR2, tr("validation R²")}};
    for (const auto& [column, label] : metrics) {
      const double v = ValueAt(points_[column], epoch);
      if (std::isfinite(v)) text += QStringLiteral("\n%1 %2").arg(label).arg(v, 0, 'g', 5);
    }
  }
  QToolTip::showText(QCursor::pos(), text, this);
}

QString LossChart::ToCsv() const {
  std::map<int, std::array<double, kNumColumns>> rows;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (size_t c = 0; c < points_.size(); ++c) {
    for (const QPointF& p : points_[c]) {
      auto [it, inserted] = rows.try_emplace(static_cast<int>(std::lround(p.x())));
      if (inserted) it->second.fill(nan);
      it->second[c] = p.y();
    }
  }
  QString csv = TextsFor(step_name_).column +
                QStringLiteral(
                    ",train_loss,val_loss,train_metric,val_metric,train_f1,val_f1,"
                    "train_r2,val_r2\n");
  for (const auto& [epoch, v] : rows) {
    csv += QString::number(epoch);
    for (const double value : v) csv += QLatin1Char(',') + LossChartCsvCell(value);
    csv += QLatin1Char('\n');
  }
  return csv;
}

bool LossChart::SaveImage(const QString& path) { return SaveWidgetPng(this, path); }

void LossChart::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  menu.addAction(tr("Reset zoom"), this, [this] {
    chart()->zoomReset();
    Refresh();
  });
  menu.addSeparator();
  AddChartExportActions(&menu, this, QStringLiteral("loss"), tr("Optiscope loss per epoch"),
                        [this] { return ToCsv(); });
  menu.exec(event->globalPos());
}

void LossChart::mouseReleaseEvent(QMouseEvent* event) {
  // The right button opens the context menu instead of QChartView's "zoom out".
  if (event->button() == Qt::RightButton) {
    event->accept();
    return;
  }
  QChartView::mouseReleaseEvent(event);
}

void LossChart::resizeEvent(QResizeEvent* event) {
  QChartView::resizeEvent(event);
  FitLegend();
  Refresh();
}

void LossChart::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) ApplyPalette();
  QChartView::changeEvent(event);
}

void LossChart::ApplyPalette() {
  ApplyChartPalette(chart(), palette(), {x_axis_, y_axis_, metric_axis_});
  train_->setPen(QPen(SeriesColor(kTrainSeries), 2.0));
  validation_->setPen(QPen(SeriesColor(kValidationSeries), 2.0));
  QPen train_metric_pen(SeriesColor(kTrainSeries), 1.5);
  train_metric_pen.setStyle(Qt::DashLine);
  QPen val_metric_pen(SeriesColor(kValidationSeries), 1.5);
  val_metric_pen.setStyle(Qt::DashLine);
  train_metric_->setPen(train_metric_pen);
  validation_metric_->setPen(val_metric_pen);
  QPen stop_pen(Qt::gray);
  stop_pen.setStyle(Qt::DashLine);
  stop_->setPen(stop_pen);
}

}  // namespace optiscope::ui
