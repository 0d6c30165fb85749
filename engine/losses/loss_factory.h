// Builds the loss named in a configuration for a task, and checks a loss configuration.
#pragma once

#include <memory>
#include <span>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/losses/loss.h"

namespace optiscope {

// What the factory needs to know about the data beyond the task.
struct LossContext {
  int num_classes = 0;                   // classification: K (0 = unknown)
  std::span<const Scalar> train_labels;  // classification: class ids, for "balanced" weights
};

// Whether `type` (LossType, engine/config/config_enums.h) can train a task: regression takes mse
// mae huber log_cosh custom; classification takes cross_entropy bce (2 classes only) hinge focal
// custom; auto fits both.
bool LossFitsTask(LossType type, TaskKind task);

// "auto" -> cross_entropy for classification, mse for regression. InvalidArgument for an
// invalid configuration (ValidateLossConfig, config_json.h), a loss that does not fit the task, bce
// with other than 2 classes, focal_alpha with more than 2 classes, or class weights that do not
// match the classes (class_weighting.h).
Result<std::unique_ptr<Loss>> MakeLoss(const LossConfig& config, TaskKind task,
                                       const LossContext& context = {});

}  // namespace optiscope
