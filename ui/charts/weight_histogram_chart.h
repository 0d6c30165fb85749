// WeightHistogramChart: one layer's weight distribution before and after compression.
#pragma once

#include <QtCharts/QChartView>

#include "engine/events/compression_events.h"

class QLineSeries;
class QValueAxis;

namespace optiscope::ui {

// Two step curves on the same bins: the trained float weights and the compressed (dequantized)
// weights of one sweep point. GUI thread only.
class WeightHistogramChart final : public QChartView {
  Q_OBJECT

 public:
  explicit WeightHistogramChart(QWidget* parent = nullptr);
  // Shows `before` and `after` (same bins; `after` may be empty). `title` names layer and point.
  void Show(const WeightHistogram& before, const WeightHistogram& after, const QString& title);
  QLineSeries* before_series() const { return before_; }
  QLineSeries* after_series() const { return after_; }

 private:
  QLineSeries* before_ = nullptr;
  QLineSeries* after_ = nullptr;
  QValueAxis* x_axis_ = nullptr;
  QValueAxis* y_axis_ = nullptr;
};

}  // namespace optiscope::ui
