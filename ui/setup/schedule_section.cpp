#include "ui/setup/schedule_section.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QSpinBox>
#include <set>

#include "engine/config/config_names.h"
#include "ui/enum_text.h"
#include "ui/setup/sci_spin_box.h"

namespace optiscope::ui {
namespace {

QSpinBox* IntSpin(int minimum, QWidget* parent) {
  auto* spin = new QSpinBox(parent);
  spin->setRange(minimum, 1000000);
  return spin;
}

// The fields each schedule type reads (engine/optim/schedule.h).
std::set<QString> FieldsOf(ScheduleType type) {
  switch (type) {
    case ScheduleType::kConstant:
      return {};
    case ScheduleType::kStep:
      return {"step_size", "gamma"};
    case ScheduleType::kExponential:
      return {"gamma"};
    case ScheduleType::kCosine:
      return {"eta_min", "t_max"};
    case ScheduleType::kWarmup:
      return {"warmup_epochs", "start_factor"};
    case ScheduleType::kOneCycle:
      return {"max_lr",         "pct_start",     "div_factor",  "final_div_factor",
              "cycle_momentum", "base_momentum", "max_momentum"};
    case ScheduleType::kPlateau:
      return {"factor", "patience", "threshold"};
  }
  return {};
}

}  // namespace

ScheduleSection::ScheduleSection(QWidget* parent)
    : CollapsibleSection(tr("LR schedule"), parent) {
  type_ = new QComboBox(this);
  type_->setObjectName("scheduleCombo");
  type_->addItems(EnumTexts<ScheduleType>());
  type_->setToolTip(tr("How the learning rate changes over the epochs (PyTorch's schedulers)"));
  form_ = new QFormLayout();
  form_->addRow(tr("Schedule"), type_);
  step_size_ = IntSpin(1, this);
  AddRow("step_size", tr("Step size (epochs)"), step_size_);
  gamma_ = new SciSpinBox(1e-9, 10.0, false, this);
  gamma_->setSingleStep(0.05);
  AddRow("gamma", tr("Gamma"), gamma_);
  eta_min_ = new SciSpinBox(0.0, 10.0, true, this);
  AddRow("eta_min", tr("Final rate"), eta_min_);
  t_max_ = IntSpin(0, this);
  t_max_->setSpecialValueText(tr("the run's epochs"));
  AddRow("t_max", tr("Half-period (epochs)"), t_max_);
  warmup_epochs_ = IntSpin(0, this);
  AddRow("warmup_epochs", tr("Warm-up epochs"), warmup_epochs_);
  start_factor_ = new SciSpinBox(1e-9, 1.0, false, this);
  start_factor_->setSingleStep(0.05);
  AddRow("start_factor", tr("Start factor"), start_factor_);
  max_lr_ = new SciSpinBox(0.0, 10.0, true, this);
  max_lr_->setSpecialValueText(tr("the optimizer's rate"));
  AddRow("max_lr", tr("Peak rate"), max_lr_);
  pct_start_ = new SciSpinBox(1e-6, 0.999999, false, this);
  pct_start_->setSingleStep(0.05);
  AddRow("pct_start", tr("Rising fraction"), pct_start_);
  div_factor_ = new SciSpinBox(1e-6, 1e9, true, this);
  AddRow("div_factor", tr("Initial divisor"), div_factor_);
  final_div_factor_ = new SciSpinBox(1e-6, 1e12, true, this);
  AddRow("final_div_factor", tr("Final divisor"), final_div_factor_);
  cycle_momentum_ = new QCheckBox(tr("Cycle momentum"), this);
  AddRow("cycle_momentum", QString(), cycle_momentum_);
  base_momentum_ = new SciSpinBox(0.0, 0.999999, false, this);
  base_momentum_->setSingleStep(0.01);
  AddRow("base_momentum", tr("Momentum at peak"), base_momentum_);
  max_momentum_ = new SciSpinBox(0.0, 0.999999, false, this);
  max_momentum_->setSingleStep(0.01);
  AddRow("max_momentum", tr("Momentum at ends"), max_momentum_);
  factor_ = new SciSpinBox(1e-9, 0.999999, false, this);
  factor_->setSingleStep(0.05);
  AddRow("factor", tr("Reduce by factor"), factor_);
  patience_ = IntSpin(0, this);
  AddRow("patience", tr("Plateau patience"), patience_);
  threshold_ = new SciSpinBox(0.0, 1.0, true, this);
  AddRow("threshold", tr("Relative threshold"), threshold_);
  body_layout()->addLayout(form_);
  connect(type_, &QComboBox::currentIndexChanged, this, [this] { UpdateVisible(); });
  connect(cycle_momentum_, &QCheckBox::toggled, this, [this] { UpdateVisible(); });
  Load(ScheduleConfig{});
}

void ScheduleSection::AddRow(const QString& field, const QString& label, QWidget* editor) {
  editor->setObjectName(field + "Editor");
  editors_[field] = editor;
  form_->addRow(label, editor);
}

void ScheduleSection::Load(const ScheduleConfig& s) {
  int i = type_->findText(EnumText(s.type));
  if (i < 0) {  // unknown to this build: shown as is, validation names it
    type_->addItem(EnumText(s.type));
    i = type_->count() - 1;
  }
  type_->setCurrentIndex(i);
  step_size_->setValue(s.step_size);
  gamma_->setValue(s.gamma);
  eta_min_->setValue(s.eta_min);
  t_max_->setValue(s.t_max);
  warmup_epochs_->setValue(s.warmup_epochs);
  start_factor_->setValue(s.start_factor);
  max_lr_->setValue(s.max_lr);
  pct_start_->setValue(s.pct_start);
  div_factor_->setValue(s.div_factor);
  final_div_factor_->setValue(s.final_div_factor);
  cycle_momentum_->setChecked(s.cycle_momentum);
  base_momentum_->setValue(s.base_momentum);
  max_momentum_->setValue(s.max_momentum);
  factor_->setValue(s.factor);
  patience_->setValue(s.patience);
  threshold_->setValue(s.threshold);
  loaded_ = s;
  shown_ = ReadWidgets();
  UpdateVisible();
}

void ScheduleSection::Apply(ScheduleConfig* out) const {
  ScheduleConfig s = ReadWidgets();
  for (double ScheduleConfig::*field :
       {&ScheduleConfig::gamma, &ScheduleConfig::eta_min, &ScheduleConfig::start_factor,
        &ScheduleConfig::max_lr, &ScheduleConfig::pct_start, &ScheduleConfig::div_factor,
        &ScheduleConfig::final_div_factor, &ScheduleConfig::base_momentum,
        &ScheduleConfig::max_momentum, &ScheduleConfig::factor, &ScheduleConfig::threshold}) {
    if (s.*field == shown_.*field) s.*field = loaded_.*field;
  }
  *out = s;
}

ScheduleConfig ScheduleSection::ReadWidgets() const {
  ScheduleConfig out;
  ScheduleConfig* s = &out;
  s->type = CurrentType();
  s->step_size = step_size_->value();
  s->gamma = gamma_->value();
  s->eta_min = eta_min_->value();
  s->t_max = t_max_->value();
  s->warmup_epochs = warmup_epochs_->value();
  s->start_factor = start_factor_->value();
  s->max_lr = max_lr_->value();
  s->pct_start = pct_start_->value();
  s->div_factor = div_factor_->value();
  s->final_div_factor = final_div_factor_->value();
  s->cycle_momentum = cycle_momentum_->isChecked();
  s->base_momentum = base_momentum_->value();
  s->max_momentum = max_momentum_->value();
  s->factor = factor_->value();
  s->patience = patience_->value();
  s->threshold = threshold_->value();
  return out;
}

bool ScheduleSection::IsFieldVisible(const QString& field) const {
  const auto it = editors_.find(field);
  return it != editors_.end() && FieldsOf(CurrentType()).count(field) > 0;
}

ScheduleType ScheduleSection::CurrentType() const {
  return EnumOfText(type_->currentText(), ScheduleType::kConstant);
}

void ScheduleSection::UpdateVisible() {
  const std::set<QString> used = FieldsOf(CurrentType());
  for (const auto& [field, editor] : editors_) form_->setRowVisible(editor, used.count(field) > 0);
  const bool momentum = used.count("cycle_momentum") > 0 && cycle_momentum_->isChecked();
  base_momentum_->setEnabled(momentum);
  max_momentum_->setEnabled(momentum);
}

}  // namespace optiscope::ui
