// Builds the loss named in a configuration for a task.
#pragma once

#include <memory>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/losses/loss.h"

namespace optiscope {

// "auto" -> cross_entropy for classification, mse for regression. InvalidArgument for an
// unknown name or a loss that does not fit the task (cross_entropy needs class targets).
Result<std::unique_ptr<Loss>> MakeLoss(const LossConfig& config, TaskKind task);

}  // namespace optiscope
