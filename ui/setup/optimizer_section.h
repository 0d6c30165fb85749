// OptimizerSection: the "Optimizer" part of the Experiment dock (update rule and its
// hyperparameters, batch size, epochs, seed).
#pragma once

#include "engine/config/experiment_config.h"
#include "ui/setup/collapsible_section.h"

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace optiscope::ui {

class SciSpinBox;

// Edits an OptimizerConfig and a TrainingConfig. Lists only the update rules the engine can build.
// Choosing another rule fills in its PyTorch defaults (DefaultOptimizerConfig). GUI thread only.
class OptimizerSection final : public CollapsibleSection {
  Q_OBJECT

 public:
  explicit OptimizerSection(QWidget* parent = nullptr);

  void Load(const OptimizerConfig& optimizer, const TrainingConfig& training);
  // Writes the fields shown here; other OptimizerConfig fields keep the values of the rule's
  // defaults or of the last Load.
  void Apply(OptimizerConfig* optimizer, TrainingConfig* training) const;

 private:
  void ShowOptimizer(const OptimizerConfig& optimizer);
  void UpdateEnabled();

  OptimizerConfig base_;  // the rule's fields not shown here
  QComboBox* type_ = nullptr;
  SciSpinBox* lr_ = nullptr;
  SciSpinBox* momentum_ = nullptr;
  QCheckBox* nesterov_ = nullptr;
  SciSpinBox* beta1_ = nullptr;
  SciSpinBox* beta2_ = nullptr;
  SciSpinBox* eps_ = nullptr;
  SciSpinBox* weight_decay_ = nullptr;
  QSpinBox* batch_ = nullptr;
  QSpinBox* epochs_ = nullptr;
  QSpinBox* seed_ = nullptr;
};

// The update rules MakeUpdateRule accepts, in the order of OptimizerTypeNames, then the full-batch
// optimizers (IsFullBatchOptimizer: L-BFGS, trained by the full-batch loop).
QStringList AvailableOptimizers();

}  // namespace optiscope::ui
