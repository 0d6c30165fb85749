// Hyperparameter importance by functional ANOVA over a random forest fitted on a study's
// complete trials (Optuna's default importance evaluator).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/search/search_space.h"
#include "engine/search/trial.h"

namespace optiscope {

struct FanovaOptions {
  int n_trees = 64;
  int max_depth = 64;
  int min_samples_split = 2;
  int min_samples_leaf = 1;
  uint64_t seed = 0;
};

struct ParamImportance {
  std::string name;
  double importance = 0.0;  // in [0, 1]; the importances of one call sum to 1 (or all 0)
};

// fANOVA (Hutter, Hoos & Leyton-Brown 2014, "An Efficient Approach for Assessing
// Hyperparameter Importance", ICML): fits a regression forest on the complete trials (values[0])
// over the parameters present in every complete trial (raw values as Optuna, categoricals
// one-hot), computes per tree the fraction of the variance explained by each parameter's main
// effect (leaf boxes weighted by their volume within the parameter bounds; a categorical's
// one-hot columns marginalised together), averages over trees (trees without variance skipped)
// and normalises to sum 1. Sorted by importance, descending. Errors: fewer than 2 complete trials, no parameter shared by all of them.
Result<std::vector<ParamImportance>> FanovaImportance(const SearchSpace& space,
                                                      std::span<const FrozenTrial> history,
                                                      const FanovaOptions& options = {});

}  // namespace optiscope
