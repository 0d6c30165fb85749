// EarlyStopping: the patience / min-delta callback; it keeps a copy of the best parameters and
// restores them when training ends ok.
#pragma once

#include <limits>
#include <span>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/train/training_callback.h"

namespace optiscope {

// Tracks the monitored value (reg.early_stopping_monitor: the validation loss or metric, the
// training one without validation rows; accuracy is maximised) epoch by epoch and says kStop when
// `patience` epochs in a row did not improve it by more than min_delta. Disabled (every call a
// no-op) when patience <= 0. Allocates only in the constructor. One per run.
class EarlyStopping final : public TrainingCallback {
 public:
  EarlyStopping(const RegularizationConfig& reg, bool classification,
                std::span<const Scalar> initial_params);

  bool enabled() const { return patience_ > 0; }
  // The epoch whose parameters are (or will be) restored; 0 when none improved.
  int best_epoch() const { return best_epoch_; }

  Decision OnEpochEnd(const EpochView& epoch) override;
  // Status ok: writes the best parameters into `params` when an improvement was recorded.
  void OnTrainEnd(const Status& status, std::span<Scalar> params) override;

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
