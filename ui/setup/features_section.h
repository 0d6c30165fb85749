// FeaturesSection: the "Features" part of the Experiment dock, the pipeline in front of the model
// (impute -> scale -> extract -> select -> reduce), i.e. data.missing, data.scaling and the
// config's `features` block, checked by the engine as it is edited.
#pragma once

#include "engine/config/experiment_config.h"
#include "ui/setup/collapsible_section.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace optiscope::ui {

class SciSpinBox;

// Edits data.missing, data.scaling and FeaturesConfig. Settings a chosen method does not use are
// hidden and kept as loaded. Every edit re-runs the engine's ValidateFeaturesWithScaling; its
// message is shown in red under the form (ErrorMessage() is empty when the block is valid).
// The impute and scale choices are the same values the Data section shows: ExperimentPanel keeps
// both in step (LinkPreprocessing). GUI thread only.
class FeaturesSection final : public CollapsibleSection {
  Q_OBJECT

 public:
  explicit FeaturesSection(QWidget* parent = nullptr);

  // Shows config.data.missing, config.data.scaling and config.features.
  void Load(const ExperimentConfig& config);
  // Writes data.missing, data.scaling and every FeaturesConfig field into *config.
  void Apply(ExperimentConfig* config) const;
  // The engine's validation message for the current settings; empty when valid.
  QString ErrorMessage() const { return error_; }
  // Keeps this section's impute / scale combos and `missing` / `scaling` (the Data section's)
  // showing the same text, both ways. Either may be null.
  void LinkPreprocessing(QComboBox* missing, QComboBox* scaling);

 signals:
  // Any setting changed (after validation ran).
  void changed();

 private:
  QWidget* BuildExtract();
  QWidget* BuildSelect();
  QWidget* BuildReduce();
  void UpdateVisible();
  void Validate();

  FeaturesConfig base_;  // fields not shown (kpca degree / coef0, ...)
  QComboBox* impute_ = nullptr;
  QComboBox* scale_ = nullptr;
  QFormLayout* extract_form_ = nullptr;
  QComboBox* extract_ = nullptr;
  QSpinBox* degree_ = nullptr;
  QCheckBox* interaction_only_ = nullptr;
  QSpinBox* bins_ = nullptr;
  QComboBox* bin_strategy_ = nullptr;
  QFormLayout* select_form_ = nullptr;
  QComboBox* select_ = nullptr;
  QSpinBox* k_ = nullptr;
  SciSpinBox* threshold_ = nullptr;
  QComboBox* estimator_ = nullptr;
  SciSpinBox* alpha_ = nullptr;
  QFormLayout* reduce_form_ = nullptr;
  QComboBox* reduce_ = nullptr;
  QSpinBox* components_ = nullptr;
  QComboBox* solver_ = nullptr;
  QCheckBox* whiten_ = nullptr;
  QComboBox* kernel_ = nullptr;
  SciSpinBox* gamma_ = nullptr;
  QSpinBox* landmarks_ = nullptr;
  QSpinBox* seed_ = nullptr;
  QLabel* error_label_ = nullptr;
  QString error_;
};

// The selection choices the section offers ("none", "variance", "anova", "chi2",
// "mutual_info", "rfe", "l1") and their mapping to and from FeaturesSelectConfig (method, score).
QStringList SelectionChoices();
QString SelectionChoice(const FeaturesSelectConfig& select);
void ApplySelectionChoice(const QString& choice, FeaturesSelectConfig* select);

}  // namespace optiscope::ui
