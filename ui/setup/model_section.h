// ModelSection: the "Model" part of the Experiment dock — the model family and, generated from the
// engine's model catalog (engine/config/model_catalog.h), one typed editor per hyperparameter of
// the selected family.
#pragma once

#include <QString>
#include <map>
#include <vector>

#include "engine/config/experiment_config.h"
#include "ui/setup/collapsible_section.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QWidget;

namespace optiscope::ui {

// Edits a ModelConfig. Editors: spin boxes for int/float parameters (logarithmic steps where the
// catalog says so), a check box for bools, a combo for choices (editable when a number is also
// accepted), a line edit for mlp's hidden widths. Each editor is named "param_<name>". Changing
// the family rebuilds the editors with that family's defaults. GUI thread only.
class ModelSection final : public CollapsibleSection {
  Q_OBJECT

 public:
  explicit ModelSection(QWidget* parent = nullptr);

  void Load(const ModelConfig& model);
  // Writes type, mlp's fields and params: the values that differ from the catalog defaults.
  void Apply(ModelConfig* model) const;

  // The editor of parameter `name` of the current family, or nullptr.
  QWidget* ParamEditor(const QString& name) const;

 private:
  void OnTypeChanged();
  void BuildEditors(const ModelConfig& values);

  QComboBox* type_ = nullptr;
  QLabel* summary_ = nullptr;
  QFormLayout* params_form_ = nullptr;
  QWidget* params_box_ = nullptr;
  std::vector<std::pair<std::string, QWidget*>> editors_;  // catalog order
  ModelConfig loaded_;  // the last loaded config (its values seed the editors of its family)
};

// "128,64" -> {128, 64}; "" -> {}. Entries that are not positive integers are skipped.
std::vector<int> ParseHiddenLayers(const QString& text);
// {128, 64} -> "128,64".
QString FormatHiddenLayers(const std::vector<int>& widths);

}  // namespace optiscope::ui
