// SearchSection: the "Search" part of the Experiment dock — the space of hyperparameters a study
// searches, the sampler and pruner, the budget, parallelism and the objective.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/search/search_space.h"
#include "engine/search/trial.h"
#include "ui/setup/collapsible_section.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace optiscope::ui {

class StrategyOptionsForm;

// Everything the Search section edits (the study's settings minus the base experiment).
struct SearchSettings {
  std::string name = "study";      // the study's name in its store (an existing one is resumed)
  std::string storage = "memory";  // "memory" or "sqlite:PATH" (kept, can be reopened)
  std::string function;  // empty: train the Experiment configuration; else a test function
  std::vector<ParamSpec> space;
  std::map<std::string, std::string> bind;  // space name -> config field path (from a loaded
                                            // spec; a name without one is itself the path)
  std::string sampler = "tpe";              // grid random sobol tpe gp cmaes gradient nsga2
  std::string pruner = "median";            // none median percentile successive_halving hyperband
  std::string sampler_options_json = "{}";  // the sampler's options (JSON object, engine keys)
  std::string pruner_options_json = "{}";   // the pruner's options (JSON object, engine keys)
  int n_trials = 40;
  double timeout_seconds = 0.0;  // 0: no time budget
  int parallel = 1;              // trials run at once
  std::string metric = "val_loss";
  Direction direction = Direction::kMinimize;
  std::string second_metric;  // empty: single objective
  Direction second_direction = Direction::kMinimize;
  uint64_t seed = 0;
  int cv_folds = 0;  // experiment objective: 0 = holdout validation, >= 2 = k-fold CV
};

// The demo space: optimizer.lr (log float), model.hidden[0] (the first layer's width, log int),
// optimizer.type (categorical) and optimizer.momentum (only when optimizer.type is momentum).
std::vector<ParamSpec> DefaultSearchSpace();

// Samplers and pruners the section offers, the objective metrics and the test functions.
const std::vector<std::string>& SearchSamplerNames();
const std::vector<std::string>& SearchPrunerNames();
const std::vector<std::string>& SearchMetricNames();
const std::vector<std::string>& SearchFunctionNames();

// The space table (name, kind, low, high, log, step, choices, condition) plus the study options;
// the chosen sampler's and pruner's options in a small form that follows the combo, and the
// experiment objective's validation (holdout or k-fold CV).
// Settings() parses and validates the table (errors name the row and the problem) and the
// sampler/pruner options (with the engine's own factories: an unknown option is an error);
// SetSettings() shows settings. GUI thread only.
class SearchSection final : public CollapsibleSection {
  Q_OBJECT

 public:
  explicit SearchSection(QWidget* parent = nullptr);

  Result<SearchSettings> Settings() const;
  void SetSettings(const SearchSettings& settings);

  QTableWidget* space_table() const { return table_; }
  QComboBox* sampler_combo() const { return sampler_; }
  QComboBox* pruner_combo() const { return pruner_; }
  StrategyOptionsForm* sampler_options() const { return sampler_options_; }
  StrategyOptionsForm* pruner_options() const { return pruner_options_; }
  QComboBox* validation_combo() const { return validation_; }
  QSpinBox* folds_spin() const { return folds_; }

 signals:
  // The user clicked Load... / Save...: load a study spec into this section / save it as one (the
  // window asks for the file and lets the Search view, which owns the format, do it).
  void loadSpecRequested();
  void saveSpecRequested();

 private:
  // Constructor parts: the space table with its row and file buttons (added to the body), the
  // study's settings widgets, and their form.
  void BuildSpaceTable();
  void BuildStudyWidgets();
  QFormLayout* BuildStudyForm();
  void AddRow(const ParamSpec& spec);
  Result<ParamSpec> ParseRow(int row) const;

  std::map<std::string, std::string> bind_;
  QTableWidget* table_ = nullptr;
  void ShowFunctionSpace();
  void UpdateEnabled();

  QLineEdit* name_ = nullptr;
  QLineEdit* storage_ = nullptr;
  QComboBox* objective_ = nullptr;
  QComboBox* sampler_ = nullptr;
  QComboBox* pruner_ = nullptr;
  QSpinBox* trials_ = nullptr;
  QDoubleSpinBox* timeout_ = nullptr;
  QSpinBox* parallel_ = nullptr;
  QComboBox* metric_ = nullptr;
  QComboBox* direction_ = nullptr;
  QComboBox* second_metric_ = nullptr;
  QComboBox* second_direction_ = nullptr;
  QSpinBox* seed_ = nullptr;
  StrategyOptionsForm* sampler_options_ = nullptr;
  StrategyOptionsForm* pruner_options_ = nullptr;
  QComboBox* validation_ = nullptr;  // holdout / k-fold cross-validation
  QSpinBox* folds_ = nullptr;
};

}  // namespace optiscope::ui
