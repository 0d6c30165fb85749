// The two stateless pieces every training run starts from -- the model built from its ModelConfig
// and the loss built from its LossConfig -- made in one place for RunExperiment (experiment.cpp)
// and fine-tuning (engine/compress/fine_tune.cpp).
#pragma once

#include <memory>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/losses/loss_factory.h"
#include "engine/models/differentiable_model.h"

namespace optiscope {

struct ModelAndLoss {
  std::unique_ptr<DifferentiableModel> model;
  std::unique_ptr<Loss> loss;
};

// MakeModel(model, num_inputs, num_outputs, task) and MakeLoss(loss, task, context). With
// `num_parameters` >= 0 (a trained parameter buffer's size) the model must have exactly that many
// parameters: InvalidArgument "the parameter buffer does not match the model architecture".
// Errors of either factory otherwise.
Result<ModelAndLoss> MakeModelAndLoss(const ModelConfig& model, const LossConfig& loss,
                                      TaskKind task, int num_inputs, int num_outputs,
                                      const LossContext& context = {},
                                      long long num_parameters = -1);

}  // namespace optiscope
