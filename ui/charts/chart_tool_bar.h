// ChartToolBar: the row of display tools above a curve chart — a logarithmic y axis and a
// smoothing slider (an exponential moving average, as TensorBoard's).
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QSlider;

namespace optiscope::ui {

// Emits logScaleToggled and smoothingChanged as the user changes them; the chart it sits above
// connects to them. Object names: "<prefix>LogScale", "<prefix>Smoothing". GUI thread only.
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

 signals:
  void logScaleToggled(bool on);
  void smoothingChanged(double weight);

 private:
  QCheckBox* log_scale_ = nullptr;
  QSlider* smoothing_ = nullptr;
  QLabel* smoothing_value_ = nullptr;
};

}  // namespace optiscope::ui
