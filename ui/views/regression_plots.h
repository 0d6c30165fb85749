// RegressionPlots: the test diagnostics of a finished regression run in the Train view — predicted
// against actual values with the y = x line, and residuals (actual - predicted) against the
// predictions with the zero line. The engine samples and computes them (RunFinished's
// test_regression, engine/train/residuals.h); this maps them to points.
#pragma once

#include <QWidget>

#include "engine/events/regression_sample.h"

class QChartView;
class QLabel;
class QLineSeries;
class QScatterSeries;

namespace optiscope::ui {

// Two charts side by side, hidden until a regression run finished with test rows. Hover a point
// for its row's values; right-click a chart to export it as PNG or copy its data as CSV. Narrow
// (a small window), the axes drop their titles and keep about three ticks. Follows the palette.
// GUI thread only.
class RegressionPlots final : public QWidget {
  Q_OBJECT

 public:
  explicit RegressionPlots(QWidget* parent = nullptr);

  // Shows the sample (and the widget); an empty sample clears and hides it.
  void SetSample(const RegressionSample& sample);
  void Clear();

  QChartView* predicted_chart() const { return predicted_view_; }
  QChartView* residual_chart() const { return residual_view_; }
  QScatterSeries* predicted_points() const { return predicted_points_; }  // (actual, predicted)
  QScatterSeries* residual_points() const { return residual_points_; }    // (predicted, residual)
  QLineSeries* identity_line() const { return identity_; }  // y = x across the data's range
  QLineSeries* zero_line() const { return zero_; }          // residual 0 across the predictions
  // The sample as CSV: "actual,predicted,residual" and one line per row.
  QString ToCsv() const;

 protected:
  void changeEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

 private:
  void ApplyPalette();
  void LayOutAxes();  // ranges and ticks from ranges_, titles and fonts by compact_
  void ShowHover(const QPointF& point, bool state, bool residual_chart);

  QLabel* title_ = nullptr;
  QChartView* predicted_view_ = nullptr;
  QChartView* residual_view_ = nullptr;
  QScatterSeries* predicted_points_ = nullptr;
  QScatterSeries* residual_points_ = nullptr;
  QLineSeries* identity_ = nullptr;
  QLineSeries* zero_ = nullptr;
  RegressionSample sample_;
  // Data ranges of the axes: predicted chart x, y; residual chart x, y (low, high).
  double ranges_[4][2] = {{0, 1}, {0, 1}, {0, 1}, {-1, 1}};
  bool compact_ = false;
};

}  // namespace optiscope::ui
