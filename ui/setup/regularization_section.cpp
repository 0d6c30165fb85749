#include "ui/setup/regularization_section.h"

#include <QComboBox>
#include <QFormLayout>
#include <QSpinBox>

#include "ui/enum_text.h"
#include "ui/setup/sci_spin_box.h"

namespace optiscope::ui {

RegularizationSection::RegularizationSection(QWidget* parent)
    : CollapsibleSection(tr("Regularization"), parent) {
  l2_ = new SciSpinBox(0.0, 1e3, true, this);
  l2_->setObjectName("l2Spin");
  l2_->setToolTip(tr("Adds (l2/2)·‖w‖² over the weights (not biases) to the loss. "
                     "With L1 too: elastic net."));
  l1_ = new SciSpinBox(0.0, 1e3, true, this);
  l1_->setObjectName("l1Spin");
  l1_->setToolTip(tr("Adds l1·‖w‖₁ over the weights, applied as a proximal step: irrelevant "
                     "weights become exactly zero."));
  clip_norm_ = new SciSpinBox(0.0, 1e6, true, this);
  clip_norm_->setObjectName("clipNormSpin");
  clip_norm_->setSpecialValueText(tr("off"));
  clip_norm_->setToolTip(tr("Rescales the gradient to at most this L2 norm (0 = off), as "
                            "torch.nn.utils.clip_grad_norm_"));
  clip_value_ = new SciSpinBox(0.0, 1e6, true, this);
  clip_value_->setObjectName("clipValueSpin");
  clip_value_->setSpecialValueText(tr("off"));
  clip_value_->setToolTip(tr("Clamps each gradient component to [-v, v] before the norm clip "
                             "(0 = off), as torch.nn.utils.clip_grad_value_"));
  patience_ = new QSpinBox(this);
  patience_->setObjectName("patienceSpin");
  patience_->setRange(0, 100000);
  patience_->setSpecialValueText(tr("off"));
  patience_->setToolTip(tr("Early stopping: stop after this many epochs without improvement "
                           "and keep the best epoch's weights (0 = off)"));
  min_delta_ = new SciSpinBox(0.0, 1e6, true, this);
  min_delta_->setObjectName("minDeltaSpin");
  min_delta_->setToolTip(tr("Early stopping: the improvement that counts"));
  monitor_ = new QComboBox(this);
  monitor_->setObjectName("monitorCombo");
  for (const EarlyStoppingMonitor monitor : EnumValues<EarlyStoppingMonitor>()) {
    switch (monitor) {
      case EarlyStoppingMonitor::kValLoss:
        monitor_->addItem(tr("validation loss"), EnumText(monitor));
        break;
      case EarlyStoppingMonitor::kValMetric:
        monitor_->addItem(tr("validation metric"), EnumText(monitor));
        break;
    }
  }
  monitor_->setToolTip(tr("Early stopping watches the validation loss, or the validation metric "
                          "(accuracy, maximized; RMSE for regression)"));

  auto* form = new QFormLayout();
  form->addRow(tr("L2"), l2_);
  form->addRow(tr("L1"), l1_);
  form->addRow(tr("Clip grad norm"), clip_norm_);
  form->addRow(tr("Clip grad value"), clip_value_);
  form->addRow(tr("Early-stop patience"), patience_);
  form->addRow(tr("Min delta"), min_delta_);
  form->addRow(tr("Monitor"), monitor_);
  body_layout()->addLayout(form);
  connect(patience_, &QSpinBox::valueChanged, this, [this] { UpdateEnabled(); });
  Load(RegularizationConfig{});
}

void RegularizationSection::Load(const RegularizationConfig& r) {
  l2_->setValue(r.l2);
  l1_->setValue(r.l1);
  clip_norm_->setValue(r.clip_grad_norm);
  clip_value_->setValue(r.clip_grad_value);
  patience_->setValue(r.early_stopping_patience);
  min_delta_->setValue(r.early_stopping_min_delta);
  int i = monitor_->findData(EnumText(r.early_stopping_monitor));
  if (i < 0) {  // unknown to this build: shown as is, validation names it
    monitor_->addItem(EnumText(r.early_stopping_monitor), EnumText(r.early_stopping_monitor));
    i = monitor_->count() - 1;
  }
  monitor_->setCurrentIndex(i);
  loaded_ = r;
  shown_ = ReadWidgets();
  UpdateEnabled();
}

void RegularizationSection::Apply(RegularizationConfig* out) const {
  RegularizationConfig r = ReadWidgets();
  for (double RegularizationConfig::*field :
       {&RegularizationConfig::l2, &RegularizationConfig::l1, &RegularizationConfig::clip_grad_norm,
        &RegularizationConfig::clip_grad_value, &RegularizationConfig::early_stopping_min_delta}) {
    if (r.*field == shown_.*field) r.*field = loaded_.*field;
  }
  *out = r;
}

RegularizationConfig RegularizationSection::ReadWidgets() const {
  RegularizationConfig out;
  RegularizationConfig* r = &out;
  r->l2 = l2_->value();
  r->l1 = l1_->value();
  r->clip_grad_norm = clip_norm_->value();
  r->clip_grad_value = clip_value_->value();
  r->early_stopping_patience = patience_->value();
  r->early_stopping_min_delta = min_delta_->value();
  r->early_stopping_monitor =
      EnumOfText(monitor_->currentData().toString(), EarlyStoppingMonitor::kValLoss);
  return out;
}

void RegularizationSection::UpdateEnabled() {
  const bool on = patience_->value() > 0;
  min_delta_->setEnabled(on);
  monitor_->setEnabled(on);
}

}  // namespace optiscope::ui
