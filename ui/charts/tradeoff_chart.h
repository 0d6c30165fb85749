// TradeoffChart: compression sweep points as a scatter (accuracy against bits, sparsity or size),
// optionally with the Pareto front drawn as a highlighted line.
#pragma once

#include <QString>
#include <QtCharts/QChartView>
#include <vector>

#include "engine/events/compression_events.h"

class QScatterSeries;
class QLineSeries;
class QValueAxis;
class QLogValueAxis;

namespace optiscope::ui {

// What the x axis shows.
enum class TradeoffAxis { kBits, kSparsity, kSize };

// One point per SweepPoint (colour by index from the series palette); hover shows the label and
// figures; drag to zoom, Shift/middle-drag to pan, Ctrl+wheel to zoom, double-click to reset;
// right-click for reset zoom and PNG/SVG/CSV export (chart_tools.h). GUI thread only.
class TradeoffChart final : public QChartView {
  Q_OBJECT

 public:
  TradeoffChart(TradeoffAxis axis, const QString& title, QWidget* parent = nullptr);

  // Forgets every point; `metric` is "accuracy" or "rmse" (the y axis).
  void Reset(const QString& metric);
  // Replaces the points (all the sweep's points so far, with their Pareto flags) and redraws once.
  void SetPoints(const std::vector<SweepPoint>& points);

  QScatterSeries* points_series() const { return points_; }
  QLineSeries* pareto_series() const { return pareto_; }
  // "label,bits,sparsity,metric,bytes,latency_ms,pareto" and one line per point.
  QString ToCsv() const;

 protected:
  void contextMenuEvent(QContextMenuEvent* event) override;

 private:
  double X(const SweepPoint& p) const;
  double Y(const SweepPoint& p) const;

  TradeoffAxis axis_;
  QString metric_ = "accuracy";
  std::vector<SweepPoint> data_;
  QScatterSeries* points_ = nullptr;
  QScatterSeries* front_points_ = nullptr;
  QLineSeries* pareto_ = nullptr;
  QValueAxis* x_axis_ = nullptr;
  QValueAxis* y_axis_ = nullptr;
};

}  // namespace optiscope::ui
