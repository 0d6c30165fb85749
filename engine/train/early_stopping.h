// EarlyStopping: the patience / min-delta tracker shared by the mini-batch and L-BFGS trainers;
// it keeps a copy of the best parameters so they can be restored when training ends.
#pragma once

#include <algorithm>
#include <limits>
#include <span>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/types.h"
#include "engine/events/events.h"

namespace optiscope {

// Tracks the monitored value (reg.early_stopping_monitor) epoch by epoch. Disabled (every call a
// no-op) when patience <= 0. Not thread-safe; one per run. Allocates only in the constructor.
class EarlyStopping {
 public:
  EarlyStopping(const RegularizationConfig& reg, bool classification,
                std::span<const Scalar> initial_params)
      : patience_(reg.early_stopping_patience),
        min_delta_(reg.early_stopping_min_delta),
        watch_metric_(reg.early_stopping_monitor == "val_metric"),
        maximize_(watch_metric_ && classification) {
    if (enabled()) best_params_.assign(initial_params.begin(), initial_params.end());
  }

  // The epoch's monitored value, oriented so that lower is better: the validation loss or metric
  // (the training one when `has_validation` is false); accuracy is negated.
  double Monitored(const EpochMetrics& m, bool has_validation) const {
    const double value = watch_metric_ ? (has_validation ? m.val_metric : m.train_metric)
                                       : (has_validation ? m.val_loss : m.train_loss);
    return maximize_ ? -value : value;
  }

  bool enabled() const { return patience_ > 0; }
  int best_epoch() const { return best_epoch_; }

  // Records the epoch's monitored value (see Monitored); copies `params` when it improves by more than min_delta.
  // Returns true when `patience` epochs in a row did not improve (training should stop).
  bool Update(double monitored, int epoch, std::span<const Scalar> params) {
    if (!enabled()) return false;
    if (monitored < best_monitored_ - min_delta_) {
      best_monitored_ = monitored;
      best_epoch_ = epoch;
      std::copy(params.begin(), params.end(), best_params_.begin());
      epochs_without_improvement_ = 0;
      return false;
    }
    return ++epochs_without_improvement_ >= patience_;
  }

  // Writes the best parameters into `params` when an improvement was ever recorded.
  void RestoreBest(std::span<Scalar> params) const {
    if (enabled() && best_epoch_ > 0) std::copy(best_params_.begin(), best_params_.end(), params.begin());
  }

 private:
  int patience_;
  double min_delta_;
  bool watch_metric_;
  bool maximize_;
  std::vector<Scalar> best_params_;
  double best_monitored_ = std::numeric_limits<double>::infinity();
  int epochs_without_improvement_ = 0;
  int best_epoch_ = 0;
};

}  // namespace optiscope
