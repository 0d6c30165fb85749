#include "ui/setup/optimizer_section.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QSpinBox>
#include <climits>

#include "engine/config/config_names.h"
#include "engine/optim/update_rule.h"
#include "ui/enum_text.h"
#include "ui/setup/sci_spin_box.h"

namespace optiscope::ui {

QStringList AvailableOptimizers() {
  QStringList names;
  for (const OptimizerType type : EnumValues<OptimizerType>()) {
    if (MakeUpdateRule(DefaultOptimizerConfig(type)).ok()) names << EnumText(type);
  }
  // Not UpdateRules: the full-batch loop trains them.
  for (const OptimizerType type : EnumValues<OptimizerType>()) {
    if (IsFullBatchOptimizer(type)) names << EnumText(type);
  }
  return names;
}

OptimizerSection::OptimizerSection(QWidget* parent)
    : CollapsibleSection(tr("Optimizer"), parent) {
  type_ = new QComboBox(this);
  type_->setObjectName("optimizerCombo");
  type_->addItems(AvailableOptimizers());
  type_->setToolTip(tr("Update rule (PyTorch semantics). Changing it fills in its defaults."));
  lr_ = new SciSpinBox(1e-8, 10.0, true, this);
  lr_->setObjectName("lrSpin");
  lr_->setToolTip(tr("Learning rate (arrows multiply or divide by 10)"));
  momentum_ = new SciSpinBox(0.0, 0.999, false, this);
  momentum_->setSingleStep(0.05);
  momentum_->setToolTip(tr("Momentum factor (SGD family, RMSprop)"));
  nesterov_ = new QCheckBox(tr("Nesterov"), this);
  nesterov_->setToolTip(tr("Use Nesterov momentum (SGD family)"));
  beta1_ = new SciSpinBox(0.0, 0.9999, false, this);
  beta1_->setSingleStep(0.01);
  beta1_->setToolTip(tr("Decay of the first-moment average (Adam family)"));
  beta2_ = new SciSpinBox(0.0, 0.999999, false, this);
  beta2_->setSingleStep(0.001);
  beta2_->setToolTip(tr("Decay of the second-moment average (Adam family)"));
  eps_ = new SciSpinBox(1e-12, 1.0, true, this);
  eps_->setToolTip(tr("Term added to the denominator for numerical stability"));
  weight_decay_ = new SciSpinBox(0.0, 1.0, true, this);
  weight_decay_->setToolTip(tr("Weight decay (AdamW: decoupled; others: added to the gradient). "
                               "Arrows multiply or divide by 10."));
  batch_ = new QSpinBox(this);
  batch_->setObjectName("batchSpin");
  batch_->setRange(0, 1000000);
  batch_->setSpecialValueText(tr("full batch"));
  batch_->setToolTip(tr("Rows per mini-batch (0 = the whole training set)"));
  epochs_ = new QSpinBox(this);
  epochs_->setObjectName("epochsSpin");
  epochs_->setRange(1, 100000);
  epochs_->setToolTip(tr("Passes over the training rows"));
  seed_ = new QSpinBox(this);
  seed_->setObjectName("seedSpin");
  seed_->setRange(0, INT_MAX);
  seed_->setToolTip(tr("Seed of the initial weights, dropout and batch order: same seed, "
                       "same run"));

  auto* form = new QFormLayout();
  form->addRow(tr("Optimizer"), type_);
  form->addRow(tr("Learning rate"), lr_);
  form->addRow(tr("Momentum"), momentum_);
  form->addRow(QString(), nesterov_);
  form->addRow(tr("Beta 1"), beta1_);
  form->addRow(tr("Beta 2"), beta2_);
  form->addRow(tr("Epsilon"), eps_);
  form->addRow(tr("Weight decay"), weight_decay_);
  form->addRow(tr("Batch size"), batch_);
  form->addRow(tr("Epochs"), epochs_);
  form->addRow(tr("Seed"), seed_);
  body_layout()->addLayout(form);

  connect(type_, &QComboBox::activated, this, [this] {
    ShowOptimizer(DefaultOptimizerConfig(EnumOfText(type_->currentText(), base_.type)));
  });
  ShowOptimizer(DefaultOptimizerConfig(OptimizerType::kAdam));
}

void OptimizerSection::Load(const OptimizerConfig& optimizer, const TrainingConfig& training) {
  ShowOptimizer(optimizer);
  batch_->setValue(std::max(0, training.batch_size));
  epochs_->setValue(training.epochs);
  seed_->setValue(static_cast<int>(training.seed));
}

void OptimizerSection::ShowOptimizer(const OptimizerConfig& optimizer) {
  base_ = optimizer;
  const int i = type_->findText(EnumText(optimizer.type));
  if (i >= 0) {
    type_->setCurrentIndex(i);
  } else {
    type_->addItem(EnumText(optimizer.type));  // shown so the user sees it
    type_->setCurrentIndex(type_->count() - 1);
  }
  lr_->setValue(optimizer.lr);
  momentum_->setValue(optimizer.momentum);
  nesterov_->setChecked(optimizer.nesterov);
  beta1_->setValue(optimizer.beta1);
  beta2_->setValue(optimizer.beta2);
  eps_->setValue(optimizer.eps);
  weight_decay_->setValue(optimizer.weight_decay);
  UpdateEnabled();
}

void OptimizerSection::Apply(OptimizerConfig* optimizer, TrainingConfig* training) const {
  OptimizerConfig o = base_;
  o.type = EnumOfText(type_->currentText(), base_.type);
  o.lr = lr_->value();
  o.momentum = momentum_->value();
  o.nesterov = nesterov_->isChecked();
  o.beta1 = beta1_->value();
  o.beta2 = beta2_->value();
  o.eps = eps_->value();
  o.weight_decay = weight_decay_->value();
  *optimizer = o;
  training->batch_size = batch_->value();
  training->epochs = epochs_->value();
  training->seed = static_cast<uint64_t>(seed_->value());
}

void OptimizerSection::UpdateEnabled() {
  using T = OptimizerType;
  const T t = EnumOfText(type_->currentText(), base_.type);
  const bool sgd_family = t == T::kSgd || t == T::kMomentum || t == T::kNesterov;
  const bool adam_family =
      t == T::kAdam || t == T::kAmsgrad || t == T::kAdamw || t == T::kNadam || t == T::kAdamHd;
  momentum_->setEnabled(sgd_family || t == T::kRmsprop);
  nesterov_->setEnabled(sgd_family && t != T::kNesterov);
  beta1_->setEnabled(adam_family);
  beta2_->setEnabled(adam_family);
  eps_->setEnabled(adam_family || t == T::kRmsprop || t == T::kAdagrad);
  weight_decay_->setEnabled(t != T::kGd && !IsFullBatchOptimizer(t));
}

}  // namespace optiscope::ui
