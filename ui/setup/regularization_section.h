// RegularizationSection: the "Regularization" part of the Experiment dock — penalties (L1, L2,
// elastic net when both are set), gradient clipping and early stopping.
#pragma once

#include "engine/config/experiment_config.h"
#include "ui/setup/collapsible_section.h"

class QComboBox;
class QSpinBox;

namespace optiscope::ui {

class SciSpinBox;

// Edits every field of a RegularizationConfig. Early-stopping's min delta and monitor are enabled
// only when patience > 0. A value the user did not change comes back exactly as loaded. Range
// checks are the engine's (ValidateExperimentConfig). GUI thread only.
class RegularizationSection final : public CollapsibleSection {
  Q_OBJECT

 public:
  explicit RegularizationSection(QWidget* parent = nullptr);

  void Load(const RegularizationConfig& regularization);
  void Apply(RegularizationConfig* regularization) const;

 private:
  void UpdateEnabled();
  RegularizationConfig ReadWidgets() const;

  RegularizationConfig loaded_;  // the last Load
  RegularizationConfig shown_;   // what the widgets gave right after it

  SciSpinBox* l2_ = nullptr;
  SciSpinBox* l1_ = nullptr;
  SciSpinBox* clip_norm_ = nullptr;
  SciSpinBox* clip_value_ = nullptr;
  QSpinBox* patience_ = nullptr;
  SciSpinBox* min_delta_ = nullptr;
  QComboBox* monitor_ = nullptr;
};

}  // namespace optiscope::ui
