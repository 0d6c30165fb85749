// ChartToolBar: the row of display tools above a curve chart — a logarithmic y axis, a smoothing
// slider (an exponential moving average, as TensorBoard's) and, where the chart offers a choice,
// which metric its dashed curves draw. The groups wrap onto a second row in a narrow window.
#pragma once

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace optiscope::ui {

// Emits logScaleToggled, smoothingChanged and metricChosen as the user changes them; the chart it
// sits above connects to them. Object names: "<prefix>LogScale", "<prefix>Smoothing",
// "<prefix>Metric". GUI thread only.
class ChartToolBar final : public QWidget {
  Q_OBJECT

 public:
  // `prefix` names the controls (tests find them by name); `axis_name` is what the log box says
  // it applies to (e.g. "loss").
  ChartToolBar(const QString& prefix, const QString& axis_name, QWidget* parent = nullptr);

  QCheckBox* log_scale_box() const { return log_scale_; }
  QSlider* smoothing_slider() const { return smoothing_; }
  // The smoothing weight in [0, 0.99] the slider shows.
  double smoothing() const;
  // The metrics the dashed curves may draw, e.g. {"accuracy", "F1"}; the selector is shown with
  // two or more. The choice's index is kept when it is still valid (so a new run of the other
  // task keeps "the second metric"), else it is 0; metricChosen is emitted only when the index
  // changes.
  void SetMetricChoices(const QStringList& names);
  QComboBox* metric_box() const { return metric_; }
  int metric_index() const;

 signals:
  void logScaleToggled(bool on);
  void smoothingChanged(double weight);
  // The index into SetMetricChoices' names of the metric to draw.
  void metricChosen(int index);

 private:
  QCheckBox* log_scale_ = nullptr;
  QSlider* smoothing_ = nullptr;
  QLabel* smoothing_value_ = nullptr;
  QWidget* metric_group_ = nullptr;  // "Dashed" and its selector
  QComboBox* metric_ = nullptr;
};

}  // namespace optiscope::ui
