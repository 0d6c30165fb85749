// ModelSection: the "Model" part of the Experiment dock (model type, MLP layers, activation,
// dropout).
#pragma once

#include "engine/config/experiment_config.h"
#include "ui/setup/collapsible_section.h"

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;

namespace optiscope::ui {

// Edits a ModelConfig. GUI thread only.
class ModelSection final : public CollapsibleSection {
  Q_OBJECT

 public:
  explicit ModelSection(QWidget* parent = nullptr);

  void Load(const ModelConfig& model);
  // Writes every ModelConfig field. Hidden widths are parsed from "128,64" (empty = none).
  void Apply(ModelConfig* model) const;

 private:
  void UpdateEnabled();

  QComboBox* type_ = nullptr;
  QLineEdit* hidden_ = nullptr;
  QComboBox* activation_ = nullptr;
  QDoubleSpinBox* dropout_ = nullptr;
};

// "128,64" -> {128, 64}; "" -> {}. Entries that are not positive integers are skipped.
std::vector<int> ParseHiddenLayers(const QString& text);
// {128, 64} -> "128,64".
QString FormatHiddenLayers(const std::vector<int>& widths);

}  // namespace optiscope::ui
