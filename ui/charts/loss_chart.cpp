#include "ui/charts/loss_chart.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QMenu>
#include <QToolTip>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/charts/chart_export.h"
#include "ui/charts/decimate.h"
#include "ui/charts/series_palette.h"
#include "ui/charts/nice_step.h"

namespace optiscope::ui {
namespace {

// The y value of the point at this epoch, or NaN.
double ValueAt(const QList<QPointF>& points, int epoch) {
  for (const QPointF& p : points) {
    if (static_cast<int>(std::lround(p.x())) == epoch) return p.y();
  }
  return std::nan("");
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
  best_ = new QScatterSeries(chart);
  best_->setMarkerSize(11);
  best_->setMarkerShape(QScatterSeries::MarkerShapeStar);
  stop_ = new QLineSeries(chart);
  QPen stop_pen(Qt::gray);
  stop_pen.setStyle(Qt::DashLine);
  stop_->setPen(stop_pen);
  chart->addSeries(train_);
  chart->addSeries(validation_);
  chart->addSeries(best_);
  chart->addSeries(stop_);
  x_axis_ = new QValueAxis(chart);
  x_axis_->setTitleText(tr("epoch"));
  x_axis_->setLabelFormat("%d");
  y_axis_ = new QValueAxis(chart);
  y_axis_->setTitleText(tr("loss"));
  y_axis_->setLabelFormat("%.3g");
  chart->addAxis(x_axis_, Qt::AlignBottom);
  chart->addAxis(y_axis_, Qt::AlignLeft);
  for (QLineSeries* s : {train_, validation_}) {
    s->attachAxis(x_axis_);
    s->attachAxis(y_axis_);
    connect(s, &QLineSeries::hovered, this, &LossChart::ShowHover);
  }
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{best_, stop_}) {
    s->attachAxis(x_axis_);
    s->attachAxis(y_axis_);
  }
  setChart(chart);
  setRenderHint(QPainter::Antialiasing);
  setRubberBand(QChartView::HorizontalRubberBand);
  setMinimumSize(320, 240);
  setToolTip(tr("Train and validation loss per epoch. Hover a curve for values, drag to zoom, "
                "right-click to export or reset the zoom."));
  ApplyPalette();
  Reset(1);
}

void LossChart::Reset(int total_epochs) {
  total_epochs_ = std::max(1, total_epochs);
  train_points_.clear();
  validation_points_.clear();
  MarkEarlyStopping(0, 0, false);
  chart()->zoomReset();
  Refresh();
}

void LossChart::MarkEarlyStopping(int best_epoch, int stopped_epoch, bool stopped_early) {
  best_->clear();
  stop_->clear();
  const bool marked = best_epoch > 0;
  const QList<QPointF>& curve = validation_points_.isEmpty() ? train_points_ : validation_points_;
  const double best_y = ValueAt(curve, best_epoch);
  if (marked && std::isfinite(best_y)) best_->append(best_epoch, best_y);
  best_->setName(marked ? tr("best epoch %1 (weights kept)").arg(best_epoch) : QString());
  if (stopped_early && stopped_epoch > 0) {
    double y_max = 0.0;
    for (const auto* list : {&train_points_, &validation_points_}) {
      for (const QPointF& p : *list) y_max = std::max(y_max, p.y());
    }
    stop_->append(stopped_epoch, 0.0);
    stop_->append(stopped_epoch, y_max);
  }
  stop_->setName(stopped_early ? tr("stopped at epoch %1").arg(stopped_epoch) : QString());
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{best_, stop_}) {
    for (QLegendMarker* m : chart()->legend()->markers(s)) m->setVisible(s->count() > 0);
  }
}

void LossChart::AddEpochs(const std::vector<EpochMetrics>& epochs) {
  for (const EpochMetrics& e : epochs) {
    if (std::isfinite(e.train_loss)) train_points_.append(QPointF(e.epoch, e.train_loss));
    if (std::isfinite(e.val_loss)) validation_points_.append(QPointF(e.epoch, e.val_loss));
    total_epochs_ = std::max(total_epochs_, e.epoch);
  }
  Refresh();
}

void LossChart::Refresh() {
  const int buckets = std::max(16, static_cast<int>(chart()->plotArea().width()) / 2);
  train_->replace(DecimateMinMax(train_points_, buckets));
  validation_->replace(DecimateMinMax(validation_points_, buckets));
  train_->setPointsVisible(train_points_.size() <= 60);
  validation_->setPointsVisible(validation_points_.size() <= 60);

  double y_max = 0.0;
  double y_min = std::numeric_limits<double>::infinity();
  for (const auto* list : {&train_points_, &validation_points_}) {
    for (const QPointF& p : *list) {
      y_max = std::max(y_max, p.y());
      y_min = std::min(y_min, p.y());
    }
  }
  if (!std::isfinite(y_min)) {
    y_min = 0.0;
    y_max = 1.0;
  }
  // Start at zero unless the curves live far from it (then zoom onto them).
  const double low = y_min > 0.5 * y_max ? y_min - 0.1 * (y_max - y_min) : 0.0;
  double high = y_max + 0.06 * (y_max - low);
  if (high <= low) high = low + 1.0;
  if (!chart()->isZoomed()) {
    // Integer epoch ticks: each epoch up to 10, else a 1-2-5 step from 0.
    if (total_epochs_ <= 10) {
      const int last = std::max(2, total_epochs_);
      x_axis_->setRange(1, last);
      x_axis_->setTickCount(last);
    } else {
      const double step = NiceStep(total_epochs_ / 10.0);
      const double last = std::ceil(total_epochs_ / step) * step;
      x_axis_->setRange(0, last);
      x_axis_->setTickCount(static_cast<int>(std::lround(last / step)) + 1);
    }
    const double step = NiceStep((high - low) / 5.0);
    const double nice_low = std::floor(low / step) * step;
    const double nice_high = std::ceil(high / step) * step;
    y_axis_->setRange(nice_low, nice_high);
    y_axis_->setTickCount(static_cast<int>(std::lround((nice_high - nice_low) / step)) + 1);
  }
}

void LossChart::ShowHover(const QPointF& point, bool state) {
  if (!state) {
    QToolTip::hideText();
    return;
  }
  const int epoch = static_cast<int>(std::lround(point.x()));
  const double train = ValueAt(train_points_, epoch);
  const double val = ValueAt(validation_points_, epoch);
  QString text = tr("epoch %1").arg(epoch);
  if (std::isfinite(train)) text += tr("\ntrain loss %1").arg(train, 0, 'g', 5);
  if (std::isfinite(val)) text += tr("\nvalidation loss %1").arg(val, 0, 'g', 5);
  QToolTip::showText(QCursor::pos(), text, this);
}

QString LossChart::ToCsv() const {
  QString csv = QStringLiteral("epoch,train_loss,val_loss\n");
  for (const QPointF& p : train_points_) {
    const int epoch = static_cast<int>(std::lround(p.x()));
    const double val = ValueAt(validation_points_, epoch);
    csv += QStringLiteral("%1,%2,%3\n")
               .arg(epoch)
               .arg(p.y(), 0, 'g', 9)
               .arg(std::isfinite(val) ? QString::number(val, 'g', 9) : QString());
  }
  return csv;
}

bool LossChart::SaveImage(const QString& path) { return SaveWidgetPng(this, path); }

void LossChart::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  menu.addAction(tr("Export chart as PNG..."), this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), "loss.png",
                                                      tr("PNG images (*.png)"));
    if (!path.isEmpty()) SaveImage(path);
  });
  menu.addAction(tr("Copy data as CSV"), this,
                 [this] { QApplication::clipboard()->setText(ToCsv()); });
  menu.addAction(tr("Reset zoom"), this, [this] {
    chart()->zoomReset();
    Refresh();
  });
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

void LossChart::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) ApplyPalette();
  QChartView::changeEvent(event);
}

void LossChart::ApplyPalette() {
  ApplyChartPalette(chart(), palette(), {x_axis_, y_axis_});
  QPen train_pen(SeriesColor(kTrainSeries), 2.0);
  QPen val_pen(SeriesColor(kValidationSeries), 2.0);
  train_->setPen(train_pen);
  validation_->setPen(val_pen);
}

}  // namespace optiscope::ui
