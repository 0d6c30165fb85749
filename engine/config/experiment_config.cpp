#include "engine/config/experiment_config.h"

#include "engine/config/config_names.h"

namespace optiscope {

OptimizerConfig DefaultOptimizerConfig(const std::string& type) {
  OptimizerConfig c;
  c.type = type;
  if (type == "gd" || type == "sgd") {
    c.lr = 1e-2;
  } else if (type == "momentum" || type == "nesterov") {
    c.lr = 1e-2;
    c.momentum = 0.9;
    c.nesterov = type == "nesterov";
  } else if (type == "adagrad") {
    c.lr = 1e-2;
    c.eps = 1e-10;
  } else if (type == "rmsprop") {
    c.lr = 1e-2;
  } else if (type == "amsgrad") {
    c.amsgrad = true;
  } else if (type == "adamw") {
    c.weight_decay = 1e-2;
  } else if (type == "nadam") {
    c.lr = 2e-3;
  } else if (IsFullBatchOptimizer(type)) {
    c.lr = 1.0;
    c.history_size = 100;  // torch.optim.LBFGS default
  } else if (type == "sgd_hd") {
    c.lr = 1e-2;
    c.hypergrad_beta = 1e-3;
  } else if (type == "adam_hd") {
    c.hypergrad_beta = 1e-7;
  }
  return c;
}

ExperimentConfig DemoConfig() {
  ExperimentConfig c;
  c.name = "digits-mlp-demo";
  c.data.source = "digits";
  c.model.type = "mlp";
  c.model.hidden = {128, 64};
  c.model.activation = "relu";
  c.optimizer.type = "adam";
  c.optimizer.lr = 1e-3;
  c.training.batch_size = 32;
  c.training.epochs = 30;
  return c;
}

}  // namespace optiscope
