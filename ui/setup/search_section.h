// SearchSection: the "Search" part of the Experiment dock — the space of hyperparameters a study
// searches, the sampler and pruner, the budget, parallelism and the objective.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/search/search_space.h"
#include "engine/search/trial.h"
#include "ui/setup/collapsible_section.h"

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QTableWidget;

namespace optiscope::ui {

// Everything the Search section edits (the study's settings minus the base experiment).
struct SearchSettings {
  std::vector<ParamSpec> space;
  std::string sampler = "tpe";  // grid random sobol tpe gp cmaes gradient
  std::string pruner = "median";  // none median percentile successive_halving hyperband
  int n_trials = 40;
  double timeout_seconds = 0.0;  // 0: no time budget
  int parallel = 1;              // trials run at once
  std::string metric = "val_loss";
  Direction direction = Direction::kMinimize;
  std::string second_metric;  // empty: single objective
  Direction second_direction = Direction::kMinimize;
  uint64_t seed = 0;
};

// The demo space: optimizer.lr (log float), model.width (log int), optimizer.type (categorical)
// and optimizer.momentum (only when optimizer.type is momentum or nesterov).
std::vector<ParamSpec> DefaultSearchSpace();

// Samplers and pruners the section offers, and the objective metrics.
const std::vector<std::string>& SearchSamplerNames();
const std::vector<std::string>& SearchPrunerNames();
const std::vector<std::string>& SearchMetricNames();

// The space table (name, kind, low, high, log, step, choices, condition) plus the study options.
// Settings() parses and validates the table (errors name the row and the problem);
// SetSettings() shows settings. GUI thread only.
class SearchSection final : public CollapsibleSection {
  Q_OBJECT

 public:
  explicit SearchSection(QWidget* parent = nullptr);

  Result<SearchSettings> Settings() const;
  void SetSettings(const SearchSettings& settings);

  QTableWidget* space_table() const { return table_; }

 signals:
  // The user asked to load or save a study spec (the view that owns the file format handles it).
  void loadSpecRequested();
  void saveSpecRequested();

 private:
  void AddRow(const ParamSpec& spec);
  Result<ParamSpec> ParseRow(int row) const;

  QTableWidget* table_ = nullptr;
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
};

}  // namespace optiscope::ui
