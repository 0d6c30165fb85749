#include "engine/config/experiment_config.h"

namespace optiscope {

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
