// "Tune each": before a fair race, every optimizer spends the same small budget of short
// trainings to pick its own learning rate from a log-spaced grid around its default.
#pragma once

#include <stop_token>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/events/events.h"
#include "engine/race/race_problem.h"

namespace optiscope {

struct TuningOptions {
  int trials = 6;              // short trainings per optimizer (>= 1)
  int epochs = 0;              // epochs per training; 0 = max(1, training.epochs / 3)
  double decades_below = 1.5;  // the grid spans lr·10^−below .. lr·10^above (log-spaced,
  double decades_above = 1.0;  // so 6 trials include lr itself: factors 10^{−1.5,−1,…,1})
};

// The learning rates tried for base rate `lr`: `trials` values log-spaced over
// [lr·10^−below, lr·10^above], ascending (just lr when trials == 1).
std::vector<double> TuningGrid(double lr, const TuningOptions& options);

// Trains `optimizer` once per grid rate (the race's initial weights and batch order, no events)
// and returns the RacerTuned record: the best monitored loss of each try (NaN when it diverged)
// and the rate with the lowest one (the base rate when every try diverged). Cancellation returns
// what was tried so far. Thread-safe with respect to other racers on the same problem.
RacerTuned TuneLearningRate(const RaceProblem& problem, const ExperimentConfig& config,
                            const std::string& label, const OptimizerConfig& optimizer,
                            const TuningOptions& options, std::stop_token stop = {});

}  // namespace optiscope
