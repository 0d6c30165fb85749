#include "ui/charts/tradeoff_chart.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QToolTip>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_tools.h"
#include "ui/charts/series_palette.h"

namespace optiscope::ui {

TradeoffChart::TradeoffChart(TradeoffAxis axis, const QString& title, QWidget* parent)
    : QChartView(parent), axis_(axis) {
  auto* chart = new QChart();
  chart->setTitle(title);
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
  pareto_ = new QLineSeries(chart);
  pareto_->setName(tr("Pareto front"));
  points_ = new QScatterSeries(chart);
  points_->setName(tr("variants"));
  points_->setMarkerSize(10);
  front_points_ = new QScatterSeries(chart);
  front_points_->setName(tr("on the front"));
  front_points_->setMarkerSize(14);
  front_points_->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
  chart->addSeries(pareto_);
  chart->addSeries(points_);
  chart->addSeries(front_points_);
  x_axis_ = new QValueAxis(chart);
  y_axis_ = new QValueAxis(chart);
  x_axis_->setTitleText(axis == TradeoffAxis::kBits       ? tr("weight bits")
                        : axis == TradeoffAxis::kSparsity ? tr("sparsity (%)")
                                                          : tr("size (KiB)"));
  x_axis_->setLabelFormat(axis == TradeoffAxis::kSize ? "%.1f" : "%.3g");
  chart->addAxis(x_axis_, Qt::AlignBottom);
  chart->addAxis(y_axis_, Qt::AlignLeft);
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{pareto_, points_, front_points_}) {
    s->attachAxis(x_axis_);
    s->attachAxis(y_axis_);
    connect(s, &QXYSeries::hovered, this, [this](const QPointF& at, bool state) {
      if (!state) {
        QToolTip::hideText();
        return;
      }
      const SweepPoint* best = nullptr;
      double dist = 1e300;
      for (const SweepPoint& p : data_) {
        const double d = std::hypot(X(p) - at.x(), (Y(p) - at.y()) * 10);
        if (d < dist) {
          dist = d;
          best = &p;
        }
      }
      if (!best) return;
      QToolTip::showText(QCursor::pos(),
                         tr("%1\n%2 %3\n%4 bytes (%5x smaller)\n%6 ms per batch")
                             .arg(QString::fromStdString(best->label))
                             .arg(metric_)
                             .arg(Y(*best), 0, 'f', metric_ == "accuracy" ? 2 : 4)
                             .arg(best->bytes)
                             .arg(static_cast<double>(best->float_bytes) / best->bytes, 0, 'f', 2)
                             .arg(best->latency_ms, 0, 'f', 3),
                         this);
    });
  }
  QPen front_pen(SeriesColor(1), 2.0);
  pareto_->setPen(front_pen);
  points_->setColor(SeriesColor(0));
  front_points_->setColor(SeriesColor(3));  // not the front line's orange: its own legend colour
  front_points_->setBorderColor(SeriesColor(3).darker(130));
  pareto_->setVisible(axis == TradeoffAxis::kSize);
  front_points_->setVisible(axis == TradeoffAxis::kSize);
  setChart(chart);
  setRenderHint(QPainter::Antialiasing);
  setRubberBand(QChartView::RectangleRubberBand);
  auto* navigator = new ChartNavigator(this);  // pan, Ctrl+wheel zoom, double-click reset
  connect(navigator, &ChartNavigator::resetRequested, this, [this] { this->chart()->zoomReset(); });
  setMinimumSize(280, 220);
  setToolTip(tr("Each point is one compressed variant. Hover for its figures, drag to zoom, "
                "right-click to export or copy the data."));
  Reset("accuracy");
}

double TradeoffChart::X(const SweepPoint& p) const {
  switch (axis_) {
    case TradeoffAxis::kBits: return p.bits;
    case TradeoffAxis::kSparsity: return 100 * p.sparsity;
    case TradeoffAxis::kSize: return p.bytes / 1024.0;
  }
  return 0;
}

double TradeoffChart::Y(const SweepPoint& p) const {
  return metric_ == "accuracy" ? 100 * p.accuracy : p.rmse;
}

void TradeoffChart::Reset(const QString& metric) {
  metric_ = metric;
  y_axis_->setTitleText(metric == "accuracy" ? tr("test accuracy (%)") : tr("test RMSE"));
  SetPoints({});
}

void TradeoffChart::SetPoints(const std::vector<SweepPoint>& points) {
  data_ = points;
  QList<QPointF> all, front, line;
  double x_lo = 1e300, x_hi = -1e300, y_lo = 1e300, y_hi = -1e300;
  std::vector<const SweepPoint*> on_front;
  for (const SweepPoint& p : data_) {
    const double x = X(p), y = Y(p);
    if (!std::isfinite(y)) continue;
    all.append(QPointF(x, y));
    if (p.pareto) on_front.push_back(&p);
    x_lo = std::min(x_lo, x);
    x_hi = std::max(x_hi, x);
    y_lo = std::min(y_lo, y);
    y_hi = std::max(y_hi, y);
  }
  std::sort(on_front.begin(), on_front.end(),
            [this](const SweepPoint* a, const SweepPoint* b) { return X(*a) < X(*b); });
  for (const SweepPoint* p : on_front) {
    front.append(QPointF(X(*p), Y(*p)));
    line.append(QPointF(X(*p), Y(*p)));
  }
  points_->replace(all);
  front_points_->replace(front);
  pareto_->replace(line);
  if (all.isEmpty()) {
    x_lo = 0;
    x_hi = axis_ == TradeoffAxis::kBits ? 32 : 100;
    y_lo = 0;
    y_hi = 100;
  }
  const double xpad = std::max(0.05 * (x_hi - x_lo), axis_ == TradeoffAxis::kBits ? 1.0 : 2.0);
  const double ypad = std::max(0.08 * (y_hi - y_lo), metric_ == "accuracy" ? 1.0 : 1e-3);
  x_axis_->setRange(std::max(0.0, x_lo - xpad), x_hi + xpad);
  y_axis_->setRange(y_lo - ypad, y_hi + ypad);
  x_axis_->applyNiceNumbers();  // round tick values (0, 10, 20 rather than 8.39, 16.8)
  y_axis_->applyNiceNumbers();
  y_axis_->setTickType(QValueAxis::TicksFixed);
  y_axis_->setLabelFormat(QString());
  if (metric_ == "accuracy" && y_axis_->max() > 100.0) {
    // A percentage: ticks end at 100 from a multiple of 10 in five equal steps (0, 20, .., 100);
    // the range goes a little above 100 so that markers at 100% are drawn whole.
    const double lo = std::clamp(std::floor((y_lo - ypad) / 10.0) * 10.0, 0.0, 90.0);
    const double step = (100.0 - lo) / 5.0;
    y_axis_->setRange(lo, 100.0 + 0.06 * (100.0 - lo));
    y_axis_->setTickType(QValueAxis::TicksDynamic);
    y_axis_->setTickAnchor(lo);
    y_axis_->setTickInterval(step);
    y_axis_->setLabelFormat(step >= 1.0 ? "%.0f" : "%.1f");
  }
}

QString TradeoffChart::ToCsv() const {
  QString csv = QStringLiteral("label,bits,sparsity,%1,bytes,latency_ms,pareto\n").arg(metric_);
  for (const SweepPoint& p : data_) {
    csv += QStringLiteral("\"%1\",%2,%3,%4,%5,%6,%7\n")
               .arg(QString::fromStdString(p.label))
               .arg(p.bits)
               .arg(p.sparsity, 0, 'g', 6)
               .arg(metric_ == "accuracy" ? p.accuracy : p.rmse, 0, 'g', 6)
               .arg(p.bytes)
               .arg(p.latency_ms, 0, 'g', 6)
               .arg(p.pareto ? 1 : 0);
  }
  return csv;
}

void TradeoffChart::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  menu.addAction(tr("Reset zoom"), this, [this] { this->chart()->zoomReset(); });
  menu.addSeparator();
  AddChartExportActions(&menu, this, QStringLiteral("tradeoff"), chart()->title(),
                        [this] { return ToCsv(); });
  menu.exec(event->globalPos());
}

}  // namespace optiscope::ui
