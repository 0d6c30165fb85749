#include "engine/train/early_stopping.h"

#include <algorithm>

namespace optiscope {

EarlyStopping::EarlyStopping(const RegularizationConfig& reg, bool classification,
                             std::span<const Scalar> initial_params)
    : patience_(reg.early_stopping_patience),
      min_delta_(reg.early_stopping_min_delta),
      watch_metric_(reg.early_stopping_monitor == EarlyStoppingMonitor::kValMetric),
      maximize_(watch_metric_ && classification) {
  if (enabled()) best_params_.assign(initial_params.begin(), initial_params.end());
}

Decision EarlyStopping::OnEpochEnd(const EpochView& view) {
  if (!enabled()) return Decision::kContinue;
  const EpochMetrics& m = *view.metrics;
  const bool val = view.has_validation;
  const double value = watch_metric_ ? (val ? m.val_metric : m.train_metric)
                                     : (val ? m.val_loss : m.train_loss);
  const double monitored = maximize_ ? -value : value;
  if (monitored < best_monitored_ - min_delta_) {
    best_monitored_ = monitored;
    best_epoch_ = view.epoch;
    std::copy(view.params.begin(), view.params.end(), best_params_.begin());
    epochs_without_improvement_ = 0;
    return Decision::kContinue;
  }
  return ++epochs_without_improvement_ >= patience_ ? Decision::kStop : Decision::kContinue;
}

void EarlyStopping::OnTrainEnd(const Status& status, std::span<Scalar> params) {
  if (status.ok() && enabled() && best_epoch_ > 0) {
    std::copy(best_params_.begin(), best_params_.end(), params.begin());
  }
}

}  // namespace optiscope
