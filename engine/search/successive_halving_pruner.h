// SuccessiveHalvingPruner: asynchronous successive halving (ASHA) over rungs of steps.
#pragma once

#include "engine/search/pruner.h"

namespace optiscope {

// Defaults follow Optuna's SuccessiveHalvingPruner, except min_resource 1 (Optuna: "auto").
struct SuccessiveHalvingOptions {
  int min_resource = 1;  // steps before the first rung; 0 = auto (max completed last step / 100)
  int reduction_factor = 3;
  int min_early_stopping_rate = 0;  // first rung at min_resource * eta^rate
  int bootstrap_count = 0;          // trials needed at a rung before anyone is promoted
};

// Asynchronous successive halving (Li et al. 2018, "A System for Massively Parallel
// Hyperparameter Tuning" / ASHA, arXiv:1810.05934), as Optuna computes it: rung r is at step
// min_resource * eta^(rate + r). A trial reaching a rung records its value there (the value at
// its first reported step at or after the rung); it continues only if that value is within the
// top 1/eta (at least the best one) of all values recorded at that rung by any trial. Stateless:
// the rung records of the other trials are recomputed from their intermediate values (a pruned
// trial's rungs are those it reached before or at its last step).
class SuccessiveHalvingPruner : public Pruner {
 public:
  explicit SuccessiveHalvingPruner(const SuccessiveHalvingOptions& options = {})
      : options_(options) {}
  bool ShouldPrune(const FrozenTrial& trial, std::span<const FrozenTrial> history,
                   Direction direction) const override;
  std::string Name() const override { return "successive_halving"; }
  // ShouldPrune over an explicit list of competitors (Hyperband passes one bracket's trials).
  bool ShouldPruneAmong(const FrozenTrial& trial, std::span<const FrozenTrial* const> others,
                        std::span<const FrozenTrial> all, Direction direction) const;

 private:
  SuccessiveHalvingOptions options_;
};

}  // namespace optiscope
