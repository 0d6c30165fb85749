// PercentilePruner (and the median pruner, its 50th percentile): prune a trial whose best
// intermediate value is worse than a percentile of the completed trials at the same step.
#pragma once

#include "engine/search/pruner.h"

namespace optiscope {

// Defaults are Optuna's MedianPruner/PercentilePruner defaults.
struct PercentileOptions {
  double percentile = 50.0;  // in [0, 100]; lower keeps fewer trials (for minimisation)
  int n_startup_trials = 5;  // no pruning until this many trials completed
  int n_warmup_steps = 0;    // no pruning at steps below this
  int interval_steps = 1;    // check at warm-up + k*interval (first report in each interval)
  int n_min_trials = 1;      // completed trials that reported this step needed to compare
};

// Median stopping rule (Golovin et al. 2017, "Google Vizier", KDD), generalised to a
// percentile as Optuna's PercentilePruner: at the trial's last step, compare its best
// intermediate value so far with the given percentile (linear interpolation, numpy's default)
// of the completed trials' values at that step; prune when strictly worse. A NaN best value
// prunes. For maximisation the percentile is mirrored (100 - p).
class PercentilePruner : public Pruner {
 public:
  explicit PercentilePruner(const PercentileOptions& options = {}, std::string name = "percentile")
      : options_(options), name_(std::move(name)) {}
  bool ShouldPrune(const FrozenTrial& trial, std::span<const FrozenTrial> history,
                   Direction direction) const override;
  std::string Name() const override { return name_; }

 private:
  PercentileOptions options_;
  std::string name_;
};

// The pruner that never prunes.
class NopPruner : public Pruner {
 public:
  bool ShouldPrune(const FrozenTrial&, std::span<const FrozenTrial>, Direction) const override {
    return false;
  }
  std::string Name() const override { return "none"; }
};

// numpy.percentile(values, q) with linear interpolation, NaNs ignored (NaN if none left).
double Percentile(std::vector<double> values, double q);

}  // namespace optiscope
