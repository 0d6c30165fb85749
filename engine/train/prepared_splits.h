// PrepareSplits: the one data preparation every consumer of a configuration shares (training,
// the optimizer race, feature scores): load, split, impute/scale fitted on the training rows,
// standardise regression targets.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/data/preprocessing.h"
#include "engine/data/splits.h"
#include "engine/train/metrics.h"

namespace optiscope {

// The three splits after preprocessing (fitted on train), and regression targets standardised
// with `target_scaling` (identity for classification).
struct PreparedSplits {
  Dataset train, validation, test;
  Preprocessor preprocessor;
  TargetScaling target_scaling;
  TaskKind task = TaskKind::kClassification;
  int num_features = 0;
  int num_classes = 0;
  std::string dataset_name;
  std::vector<std::string> feature_names;
  std::string target_name;
  std::vector<std::string> class_names;
};

struct PrepareOptions {
  // Given: these rows (indices into the loaded dataset) instead of config.data's holdout split,
  // e.g. one fold of a cross-validation.
  std::optional<HoldoutSplit> split;
  // False: regression targets keep their units (target_scaling stays the identity).
  bool standardize_targets = true;
};

// Loads config.data, splits it (MakeConfiguredSplit unless options.split), fits the imputation
// and scaling of config.data on the training rows and applies them to every split, and
// standardises regression targets with the training rows' mean and population std (std 1 when it
// is 0 or not finite), so default learning rates work whatever the target's units. Errors:
// InvalidArgument naming data.missing / data.scaling, and LoadDataset's and the split's.
// Deterministic; thread-safe.
Result<PreparedSplits> PrepareSplits(const ExperimentConfig& config,
                                     const PrepareOptions& options = {});

}  // namespace optiscope
