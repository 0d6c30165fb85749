// Trains one racer of an optimizer race: the shared problem's initial weights, the experiment's
// batch size, seed (hence batch order), schedule and regularization, and the racer's optimizer.
#pragma once

#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/events/events.h"
#include "engine/race/race_problem.h"
#include "engine/train/train_outcome.h"
#include "engine/train/training_callback.h"

namespace optiscope {

// Checks that `optimizer` can race under `config` (CheckTrainingLoop: known type, valid settings,
// the full-batch pairing RunExperiment requires). InvalidArgument naming `label`.
Status CheckRacer(const ExperimentConfig& config, const std::string& label,
                  const OptimizerConfig& optimizer);

// Trains a copy of problem.initial_params for `epochs` epochs with `optimizer`, publishing
// EpochMetrics with run_id `label` to `sink`; `callbacks` (e.g. trajectory recorders) run before
// early stopping. `params` receives the final weights. Thread-safe with respect to other racers
// on the same problem. REQUIRES: CheckRacer(config, label, optimizer).ok().
TrainOutcome TrainRacer(const RaceProblem& problem, const ExperimentConfig& config,
                        const std::string& label, const OptimizerConfig& optimizer, int epochs,
                        EventSink& sink, std::stop_token stop,
                        std::span<TrainingCallback* const> callbacks,
                        std::vector<Scalar>* params);

}  // namespace optiscope
