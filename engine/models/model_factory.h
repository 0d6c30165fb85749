// Builds the differentiable model a configuration names, sized for a dataset.
#pragma once

#include <memory>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/models/differentiable_model.h"

namespace optiscope {

// The number of model outputs a task needs: the class count (>= 2) or 1 for regression.
int NumModelOutputs(TaskKind task, int num_classes);

// Ok when a dense network with these layer widths fits an int parameter count and the memory
// budget (engine/core/memory.h); InvalidArgument "this model needs 34.4 GB; the machine has
// 23.5 GB" otherwise. Checked before any buffer is allocated.
Status CheckDenseNetworkSize(const std::vector<int>& layer_sizes);

// type "linear" (regression only): one dense layer, inputs -> 1.
// type "logistic" (classification only): one dense layer, inputs -> K scores (softmax
//   regression; binary = 2 classes).
// type "mlp": dense layers inputs -> hidden... -> outputs with config.activation and dropout.
// InvalidArgument (naming the field) for an unknown type or activation, a model that does not
// fit the task, a hidden width < 1, dropout outside [0, 1), or a network CheckDenseNetworkSize
// refuses.
Result<std::unique_ptr<DifferentiableModel>> MakeModel(const ModelConfig& config, int num_inputs,
                                                       int num_outputs, TaskKind task);

}  // namespace optiscope
