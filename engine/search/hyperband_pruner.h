// HyperbandPruner: several successive-halving brackets with different early-stopping rates;
// each trial is assigned to one bracket by a hash of (study name, trial number).
#pragma once

#include <string>
#include <vector>

#include "engine/core/crc32.h"  // Crc32: the bracket hash
#include "engine/search/pruner.h"

namespace optiscope {

// Defaults are Optuna's HyperbandPruner defaults.
struct HyperbandOptions {
  int min_resource = 1;
  int max_resource = 0;  // 0 = auto: last step + 1 of the first trial to complete
  int reduction_factor = 3;
  int bootstrap_count = 0;
  std::string study_name;  // part of the bracket hash, as Optuna's "{study_name}_{number}"
};

// Hyperband (Li et al. 2018, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
// Optimization", JMLR 18) in Optuna's asynchronous form: n_brackets = floor(log_eta(max/min))
// + 1; bracket b (early-stopping rate b) gets a share ceil(n_brackets * eta^s / (s + 1)) with
// s = n_brackets - 1 - b; trial k goes to the bracket where crc32("<study>_<k>") modulo the
// total share falls; within a bracket, successive halving runs among that bracket's trials only.
class HyperbandPruner : public Pruner {
 public:
  explicit HyperbandPruner(const HyperbandOptions& options = {}) : options_(options) {}
  bool ShouldPrune(const FrozenTrial& trial, std::span<const FrozenTrial> history,
                   Direction direction) const override;
  std::string Name() const override { return "hyperband"; }

  // The bracket shares for a given max_resource (index = bracket id).
  std::vector<int> BracketBudgets(int max_resource) const;
  // The bracket of trial `number` (REQUIRES budgets non-empty).
  int BracketOf(int number, const std::vector<int>& budgets) const;

 private:
  HyperbandOptions options_;
};

}  // namespace optiscope
