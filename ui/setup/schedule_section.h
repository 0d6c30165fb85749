// ScheduleSection: the "LR schedule" part of the Experiment dock — the learning-rate schedule
// (constant, step, exponential, cosine, warm-up, one-cycle, reduce-on-plateau) and its settings.
#pragma once

#include <QString>
#include <map>

#include "engine/config/experiment_config.h"
#include "ui/setup/collapsible_section.h"

class QCheckBox;
class QComboBox;
class QFormLayout;
class QSpinBox;
class QWidget;

namespace optiscope::ui {

class SciSpinBox;

// Edits every field of a ScheduleConfig; only the rows the chosen schedule uses are visible.
// A value the user did not change comes back exactly as loaded (the spin boxes round to 15
// decimals: 1/3 would not). Range checks are the engine's (ValidateExperimentConfig). GUI thread
// only.
class ScheduleSection final : public CollapsibleSection {
  Q_OBJECT

 public:
  explicit ScheduleSection(QWidget* parent = nullptr);

  void Load(const ScheduleConfig& schedule);
  void Apply(ScheduleConfig* schedule) const;

  // Whether the row of `field` (a ScheduleConfig field name, e.g. "gamma") is shown now.
  bool IsFieldVisible(const QString& field) const;

 private:
  void AddRow(const QString& field, const QString& label, QWidget* editor);
  ScheduleConfig ReadWidgets() const;
  void UpdateVisible();
  ScheduleType CurrentType() const;  // the combo's value (constant for another text)

  ScheduleConfig loaded_;  // the last Load
  ScheduleConfig shown_;   // what the widgets gave right after it
  QFormLayout* form_ = nullptr;
  QComboBox* type_ = nullptr;
  std::map<QString, QWidget*> editors_;  // by field name
  QSpinBox* step_size_ = nullptr;
  SciSpinBox* gamma_ = nullptr;
  SciSpinBox* eta_min_ = nullptr;
  QSpinBox* t_max_ = nullptr;
  QSpinBox* warmup_epochs_ = nullptr;
  SciSpinBox* start_factor_ = nullptr;
  SciSpinBox* max_lr_ = nullptr;
  SciSpinBox* pct_start_ = nullptr;
  SciSpinBox* div_factor_ = nullptr;
  SciSpinBox* final_div_factor_ = nullptr;
  QCheckBox* cycle_momentum_ = nullptr;
  SciSpinBox* base_momentum_ = nullptr;
  SciSpinBox* max_momentum_ = nullptr;
  SciSpinBox* factor_ = nullptr;
  QSpinBox* patience_ = nullptr;
  SciSpinBox* threshold_ = nullptr;
};

}  // namespace optiscope::ui
