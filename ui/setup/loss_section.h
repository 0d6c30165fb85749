// LossSection: the "Loss" part of the Experiment dock — the loss type (only those that fit the
// task), its parameters, and for "custom" a formula of p and y validated as it is typed.
#pragma once

#include <optional>

#include "engine/config/experiment_config.h"
#include "engine/data/dataset.h"
#include "ui/setup/collapsible_section.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace optiscope::ui {

class SciSpinBox;

// Edits a LossConfig. The expression is checked by the engine (LossExpression::Compile) on every
// keystroke; an error shows its message with the offending character marked in red. Parameters a
// loss does not use are hidden and written back at their defaults. GUI thread only.
class LossSection final : public CollapsibleSection {
  Q_OBJECT

 public:
  explicit LossSection(QWidget* parent = nullptr);

  void Load(const LossConfig& loss);
  // Writes every LossConfig field (those the chosen type does not use at their defaults).
  void Apply(LossConfig* loss) const;
  // Lists only the losses that fit `task` (all of them when unknown). Keeps the current choice
  // when it still fits, else falls back to "auto".
  void SetTask(std::optional<TaskKind> task);

  // The 1-based column of the current expression error, 0 when the expression is valid.
  int ErrorColumn() const { return error_column_; }
  // The message shown under the expression (empty when valid).
  QString ErrorMessage() const;

 private:
  void FillTypes(const QString& keep);
  void UpdateVisible();
  void ValidateExpression();

  std::optional<TaskKind> task_;
  QFormLayout* form_ = nullptr;
  QComboBox* type_ = nullptr;
  SciSpinBox* huber_delta_ = nullptr;
  SciSpinBox* focal_gamma_ = nullptr;
  SciSpinBox* focal_alpha_ = nullptr;
  SciSpinBox* smoothing_ = nullptr;
  QLineEdit* class_weights_ = nullptr;
  QLineEdit* expression_ = nullptr;
  QLabel* expression_error_ = nullptr;
  int error_column_ = 0;
  QString error_message_;
};

}  // namespace optiscope::ui
