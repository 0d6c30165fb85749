#include "engine/models/model_factory.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "engine/core/memory.h"
#include "engine/models/dense_network.h"

namespace optiscope {
namespace {

// "4.3e+09": counts too large for an int.
std::string FormatCount(double v) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.3g", v);
  return text;
}

}  // namespace


Status CheckDenseNetworkSize(const std::vector<int>& layer_sizes) {
  double params = 0;  // a double: products of hostile widths must not wrap
  double widest = 0;
  for (size_t l = 0; l + 1 < layer_sizes.size(); ++l) {
    params += static_cast<double>(layer_sizes[l]) * layer_sizes[l + 1] + layer_sizes[l + 1];
    widest = std::max(widest, static_cast<double>(layer_sizes[l + 1]));
  }
  if (params > std::numeric_limits<int>::max()) {
    return Status::InvalidArgument("model.hidden: the network has " + FormatCount(params) +
                                   " parameters; at most " +
                                   std::to_string(std::numeric_limits<int>::max()) +
                                   " are supported");
  }
  // Parameters, gradient, two optimizer moments and the best-so-far copy, plus a 1024-row
  // batch's activations and backward buffers at the widest layer.
  const double bytes = sizeof(Scalar) * (5.0 * params + 4.0 * 1024.0 * widest);
  return CheckMemoryBudget(bytes, "this model");
}

int NumModelOutputs(TaskKind task, int num_classes) {
  return task == TaskKind::kClassification ? std::max(2, num_classes) : 1;
}

Result<std::unique_ptr<DifferentiableModel>> MakeModel(const ModelConfig& config, int num_inputs,
                                                       int num_outputs, TaskKind task) {
  if (num_inputs < 1 || num_outputs < 1) {
    return Status::InvalidArgument("the model needs at least one input and one output");
  }
  DenseNetworkOptions options;
  options.kind = EnumName(config.type);
  options.layer_sizes.push_back(num_inputs);
  if (config.type == ModelType::kLinear) {
    if (task != TaskKind::kRegression) {
      return Status::InvalidArgument(
          "model.type: linear regression needs a regression target; use logistic for "
          "classification");
    }
  } else if (config.type == ModelType::kLogistic) {
    if (task != TaskKind::kClassification) {
      return Status::InvalidArgument(
          "model.type: logistic regression needs a classification target; use linear for "
          "regression");
    }
  } else if (config.type == ModelType::kMlp) {
    options.activation = config.activation;
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
    return Status::InvalidArgument("model.type: unknown model '" + EnumName(config.type) +
                                   "' (expected linear, logistic or mlp)");
  }
  options.layer_sizes.push_back(num_outputs);
  OPTISCOPE_RETURN_IF_ERROR(CheckDenseNetworkSize(options.layer_sizes));
  return std::unique_ptr<DifferentiableModel>(
      std::make_unique<DenseNetwork<Scalar>>(std::move(options)));
}

}  // namespace optiscope
