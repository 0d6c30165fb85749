#include "engine/config/experiment_config.h"

namespace optiscope {

OptimizerConfig DefaultOptimizerConfig(OptimizerType type) {
  OptimizerConfig c;
  c.type = type;
  switch (type) {
    case OptimizerType::kGd:
    case OptimizerType::kSgd:
    case OptimizerType::kRmsprop:
      c.lr = 1e-2;
      break;
    case OptimizerType::kMomentum:
    case OptimizerType::kNesterov:
      c.lr = 1e-2;
      c.momentum = 0.9;
      c.nesterov = type == OptimizerType::kNesterov;
      break;
    case OptimizerType::kAdagrad:
      c.lr = 1e-2;
      c.eps = 1e-10;
      break;
    case OptimizerType::kAdam:
      break;
    case OptimizerType::kAmsgrad:
      c.amsgrad = true;
      break;
    case OptimizerType::kAdamw:
      c.weight_decay = 1e-2;
      break;
    case OptimizerType::kNadam:
      c.lr = 2e-3;
      break;
    case OptimizerType::kLbfgs:
      c.lr = 1.0;
      c.history_size = 100;  // torch.optim.LBFGS default
      break;
    case OptimizerType::kSgdHd:
      c.lr = 1e-2;
      c.hypergrad_beta = 1e-3;
      break;
    case OptimizerType::kAdamHd:
      c.hypergrad_beta = 1e-7;
      break;
  }
  return c;
}

ExperimentConfig DemoConfig() {
  ExperimentConfig c;
  c.name = "digits-mlp-demo";
  c.data.source = "digits";
  c.model.type = ModelType::kMlp;
  c.model.hidden = {128, 64};
  c.model.activation = Activation::kRelu;
  c.optimizer.type = OptimizerType::kAdam;
  c.optimizer.lr = 1e-3;
  c.training.batch_size = 32;
  c.training.epochs = 30;
  return c;
}

}  // namespace optiscope
