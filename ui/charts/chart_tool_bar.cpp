#include "ui/charts/chart_tool_bar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <algorithm>

#include "ui/flow_layout.h"

namespace optiscope::ui {

ChartToolBar::ChartToolBar(const QString& prefix, const QString& axis_name, QWidget* parent)
    : QWidget(parent) {
  // The groups wrap onto a second row when the chart is narrow (the Train tab at 1024 px), so
  // neither the slider nor the metric's name is squeezed.
  auto* flow = new FlowLayout(this);
  flow->setContentsMargins(2, 0, 2, 0);
  flow->setSpacing(8);
  log_scale_ = new QCheckBox(tr("Log %1").arg(axis_name), this);
  log_scale_->setObjectName(prefix + "LogScale");
  log_scale_->setToolTip(tr("A logarithmic %1 axis").arg(axis_name));
  flow->addWidget(log_scale_);

  auto* smoothing_group = new QWidget(this);
  auto* smoothing_row = new QHBoxLayout(smoothing_group);
  smoothing_row->setContentsMargins(0, 0, 0, 0);
  smoothing_value_ = new QLabel(smoothing_group);
  smoothing_ = new QSlider(Qt::Horizontal, smoothing_group);
  smoothing_->setObjectName(prefix + "Smoothing");
  smoothing_->setRange(0, 99);
  smoothing_->setFixedWidth(110);
  smoothing_->setToolTip(
      tr("Smoothing: an exponential moving average of the curves, as "
         "TensorBoard's (0 = raw; hover values and exported data stay raw)"));
  smoothing_row->addWidget(smoothing_value_);
  smoothing_row->addWidget(smoothing_);
  flow->addWidget(smoothing_group);

  metric_group_ = new QWidget(this);
  auto* metric_row = new QHBoxLayout(metric_group_);
  metric_row->setContentsMargins(0, 0, 0, 0);
  auto* metric_label = new QLabel(tr("Dashed"), metric_group_);
  metric_ = new QComboBox(metric_group_);
  metric_->setObjectName(prefix + "Metric");
  metric_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  metric_->setToolTip(
      tr("Which metric the dashed curves show (right axis); hover and exported "
         "data carry all of them"));
  metric_label->setBuddy(metric_);
  metric_row->addWidget(metric_label);
  metric_row->addWidget(metric_);
  metric_group_->setVisible(false);
  flow->addWidget(metric_group_);

  auto show_weight = [this] {
    smoothing_value_->setText(tr("Smoothing %1").arg(smoothing(), 0, 'f', 2));
  };
  show_weight();
  connect(log_scale_, &QCheckBox::toggled, this, &ChartToolBar::logScaleToggled);
  connect(metric_, &QComboBox::currentIndexChanged, this, &ChartToolBar::metricChosen);
  connect(smoothing_, &QSlider::valueChanged, this, [this, show_weight] {
    show_weight();
    emit smoothingChanged(smoothing());
  });
}

double ChartToolBar::smoothing() const { return smoothing_->value() / 100.0; }

int ChartToolBar::metric_index() const { return std::max(0, metric_->currentIndex()); }

void ChartToolBar::SetMetricChoices(const QStringList& names) {
  const int before = metric_index();
  const int after = before < names.size() ? before : 0;
  {
    const QSignalBlocker quiet(metric_);
    metric_->clear();
    metric_->addItems(names);
    metric_->setCurrentIndex(names.isEmpty() ? -1 : after);
  }
  metric_group_->setVisible(names.size() >= 2);
  if (after != before) emit metricChosen(after);
}

}  // namespace optiscope::ui
