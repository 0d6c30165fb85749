#include "engine/models/model_factory.h"

#include <algorithm>

#include "engine/models/dense_network.h"

namespace optiscope {

int NumModelOutputs(TaskKind task, int num_classes) {
  return task == TaskKind::kClassification ? std::max(2, num_classes) : 1;
}

Result<std::unique_ptr<DifferentiableModel>> MakeModel(const ModelConfig& config, int num_inputs,
                                                       int num_outputs, TaskKind task) {
  if (num_inputs < 1 || num_outputs < 1) {
    return Status::InvalidArgument("the model needs at least one input and one output");
  }
  DenseNetworkOptions options;
  options.kind = config.type;
  options.layer_sizes.push_back(num_inputs);
  if (config.type == "linear") {
    if (task != TaskKind::kRegression) {
      return Status::InvalidArgument(
          "model.type: linear regression needs a regression target; use logistic for "
          "classification");
    }
  } else if (config.type == "logistic") {
    if (task != TaskKind::kClassification) {
      return Status::InvalidArgument(
          "model.type: logistic regression needs a classification target; use linear for "
          "regression");
    }
  } else if (config.type == "mlp") {
    auto activation = ParseActivation(config.activation);
    if (!activation.ok())
      return Status::InvalidArgument("model.activation: " + activation.status().message());
    options.activation = *activation;
    if (!(config.dropout >= 0.0 && config.dropout < 1.0)) {
      return Status::InvalidArgument("model.dropout: must be in [0, 1), got " +
                                     std::to_string(config.dropout));
    }
    options.dropout = config.dropout;
    options.negative_slope = config.negative_slope;
    for (int width : config.hidden) {
      if (width < 1) {
        return Status::InvalidArgument("model.hidden: layer widths must be >= 1, got " +
                                       std::to_string(width));
      }
      options.layer_sizes.push_back(width);
    }
  } else {
    return Status::InvalidArgument("model.type: unknown model '" + config.type +
                                   "' (expected linear, logistic or mlp)");
  }
  options.layer_sizes.push_back(num_outputs);
  return std::unique_ptr<DifferentiableModel>(
      std::make_unique<DenseNetwork<Scalar>>(std::move(options)));
}

}  // namespace optiscope
