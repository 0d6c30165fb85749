#include "ui/charts/chart_tool_bar.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

namespace optiscope::ui {

ChartToolBar::ChartToolBar(const QString& prefix, const QString& axis_name, QWidget* parent)
    : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(2, 0, 2, 0);
  log_scale_ = new QCheckBox(tr("Log %1").arg(axis_name), this);
  log_scale_->setObjectName(prefix + "LogScale");
  log_scale_->setToolTip(tr("A logarithmic %1 axis").arg(axis_name));
  smoothing_value_ = new QLabel(this);
  smoothing_ = new QSlider(Qt::Horizontal, this);
  smoothing_->setObjectName(prefix + "Smoothing");
  smoothing_->setRange(0, 99);
  smoothing_->setMaximumWidth(140);
  smoothing_->setToolTip(
      tr("Smoothing: an exponential moving average of the curves, as "
         "TensorBoard's (0 = raw; hover values and exported data stay raw)"));
  layout->addWidget(log_scale_);
  layout->addSpacing(8);
  layout->addWidget(smoothing_value_);
  layout->addWidget(smoothing_, 1);
  layout->addStretch(0);
  auto show_weight = [this] {
    smoothing_value_->setText(tr("Smoothing %1").arg(smoothing(), 0, 'f', 2));
  };
  show_weight();
  connect(log_scale_, &QCheckBox::toggled, this, &ChartToolBar::logScaleToggled);
  connect(smoothing_, &QSlider::valueChanged, this, [this, show_weight] {
    show_weight();
    emit smoothingChanged(smoothing());
  });
}

double ChartToolBar::smoothing() const { return smoothing_->value() / 100.0; }

}  // namespace optiscope::ui
