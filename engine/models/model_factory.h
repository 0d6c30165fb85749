// Builds the differentiable model a configuration names, sized for a dataset.
#pragma once

#include <memory>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/models/differentiable_model.h"

namespace optiscope {

// The number of model outputs a task needs: the class count (>= 2) or 1 for regression.
int NumModelOutputs(TaskKind task, int num_classes);

// type "linear" (regression only): one dense layer, inputs -> 1.
// type "logistic" (classification only): one dense layer, inputs -> K scores (softmax
//   regression; binary = 2 classes).
// type "mlp": dense layers inputs -> hidden... -> outputs with config.activation and dropout.
// InvalidArgument (naming the field) for an unknown type or activation, a model that does not
// fit the task, a hidden width < 1, or dropout outside [0, 1).
Result<std::unique_ptr<DifferentiableModel>> MakeModel(const ModelConfig& config, int num_inputs,
                                                       int num_outputs, TaskKind task);

}  // namespace optiscope
