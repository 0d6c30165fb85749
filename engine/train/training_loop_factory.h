// The one place that picks the training loop for an optimizer (mini-batch with an UpdateRule and
// schedule, or full-batch L-BFGS) and checks the pairing with the rest of the configuration.
#pragma once

#include <memory>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/train/training_loop.h"

namespace optiscope {

// OK when `optimizer` can train under `config`: a known type with valid settings and a valid
// schedule; a full-batch optimizer (IsFullBatchOptimizer) also needs lr > 0 and a smooth
// deterministic objective (regularization.l1, clip_grad_norm and model.dropout 0).
// InvalidArgument otherwise, naming the field.
Status CheckTrainingLoop(const ExperimentConfig& config, const OptimizerConfig& optimizer);

// The loop that trains with `optimizer` (its rule and config.schedule, sized for `train_rows`
// rows per epoch and options.epochs; or L-BFGS) under `options`. Errors as CheckTrainingLoop.
Result<std::unique_ptr<TrainingLoop>> MakeTrainingLoop(const ExperimentConfig& config,
                                                       const OptimizerConfig& optimizer,
                                                       const TrainerOptions& options,
                                                       int train_rows);

}  // namespace optiscope
