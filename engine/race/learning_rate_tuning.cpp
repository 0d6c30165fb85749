#include "engine/race/learning_rate_tuning.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/race/racer_training.h"

namespace optiscope {

std::vector<double> TuningGrid(double lr, const TuningOptions& options) {
  const int n = std::max(1, options.trials);
  if (n == 1) return {lr};
  std::vector<double> grid;
  const double lo = -options.decades_below, hi = options.decades_above;
  for (int i = 0; i < n; ++i) grid.push_back(lr * std::pow(10.0, lo + (hi - lo) * i / (n - 1)));
  return grid;
}

RacerTuned TuneLearningRate(const RaceProblem& problem, const ExperimentConfig& config,
                            const std::string& label, const OptimizerConfig& optimizer,
                            const TuningOptions& options, std::stop_token stop) {
  RacerTuned tuned;
  tuned.racer = label;
  tuned.epochs_per_try =
      options.epochs > 0 ? options.epochs : std::max(1, config.training.epochs / 3);
  tuned.chosen_lr = optimizer.lr;
  const bool use_validation = problem.validation.NumRows() > 0;
  double best = std::numeric_limits<double>::infinity();
  NullEventSink quiet;
  std::vector<Scalar> params;
  for (double lr : TuningGrid(optimizer.lr, options)) {
    if (stop.stop_requested()) break;
    OptimizerConfig c = optimizer;
    c.lr = lr;
    const TrainOutcome outcome =
        TrainRacer(problem, config, label, c, tuned.epochs_per_try, quiet, stop, {}, &params);
    double loss = std::numeric_limits<double>::quiet_NaN();
    if (outcome.status.ok()) {
      for (const EpochMetrics& e : outcome.history) {
        const double v = use_validation ? e.val_loss : e.train_loss;
        if (std::isfinite(v) && !(v >= loss)) loss = v;
      }
    }
    tuned.lrs.push_back(lr);
    tuned.losses.push_back(loss);
    if (std::isfinite(loss) && loss < best) {
      best = loss;
      tuned.chosen_lr = lr;
    }
  }
  return tuned;
}

}  // namespace optiscope
