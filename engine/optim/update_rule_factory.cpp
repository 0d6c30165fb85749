// MakeUpdateRule: maps OptimizerConfig::type to an UpdateRule, after the configuration's own
// checks (ValidateOptimizerConfig: the field schema's ranges, which follow torch.optim's
// constructors, and the Nesterov rule). Names:
//   gd, sgd   -> Sgd with config.momentum/dampening/nesterov (0/0/false by default: plain SGD;
//                whether it is full-batch or mini-batch is the trainer's batch size)
//   momentum  -> Sgd with config.momentum (0.9 when the config leaves it at 0)
//   nesterov  -> Sgd with Nesterov momentum (config.momentum, 0.9 when left at 0)
//   adam, amsgrad (adam with amsgrad), adamw, adagrad, rmsprop, nadam, sgd_hd, adam_hd
//   lbfgs     -> InvalidArgument: use Lbfgs (lbfgs.h), which needs the whole objective.
#include <memory>
#include <string>

#include "engine/config/config_schema.h"
#include "engine/config/config_names.h"
#include "engine/optim/adagrad.h"
#include "engine/optim/adam.h"
#include "engine/optim/adam_hd.h"
#include "engine/optim/nadam.h"
#include "engine/optim/rmsprop.h"
#include "engine/optim/sgd.h"
#include "engine/optim/sgd_hd.h"
#include "engine/optim/update_rule.h"

namespace optiscope {
namespace {

constexpr double kDefaultMomentum = 0.9;

Result<std::unique_ptr<UpdateRule>> MakeSgd(const OptimizerConfig& c) {
  SgdOptions o;
  o.momentum = c.momentum;
  o.dampening = c.dampening;
  o.nesterov = c.nesterov || c.type == "nesterov";
  o.weight_decay = c.weight_decay;
  return std::unique_ptr<UpdateRule>(std::make_unique<Sgd>(o, c.type));
}

// adam, amsgrad (adam with amsgrad) and adamw (adam with decoupled weight decay).
Result<std::unique_ptr<UpdateRule>> MakeAdam(const OptimizerConfig& c) {
  AdamOptions o;
  o.beta1 = c.beta1;
  o.beta2 = c.beta2;
  o.eps = c.eps;
  o.weight_decay = c.weight_decay;
  o.decoupled_weight_decay = c.type == "adamw";
  o.amsgrad = c.amsgrad || c.type == "amsgrad";
  return std::unique_ptr<UpdateRule>(std::make_unique<Adam>(o, c.type));
}

Result<std::unique_ptr<UpdateRule>> MakeAdagrad(const OptimizerConfig& c) {
  AdagradOptions o;
  o.lr_decay = c.lr_decay;
  o.weight_decay = c.weight_decay;
  o.initial_accumulator = c.initial_accumulator;
  o.eps = c.eps;
  return std::unique_ptr<UpdateRule>(std::make_unique<Adagrad>(o));
}

Result<std::unique_ptr<UpdateRule>> MakeRmsprop(const OptimizerConfig& c) {
  RmspropOptions o;
  o.alpha = c.alpha;
  o.eps = c.eps;
  o.weight_decay = c.weight_decay;
  o.momentum = c.momentum;
  o.centered = c.centered;
  return std::unique_ptr<UpdateRule>(std::make_unique<Rmsprop>(o));
}

Result<std::unique_ptr<UpdateRule>> MakeNadam(const OptimizerConfig& c) {
  NadamOptions o;
  o.beta1 = c.beta1;
  o.beta2 = c.beta2;
  o.eps = c.eps;
  o.weight_decay = c.weight_decay;
  o.momentum_decay = c.momentum_decay;
  return std::unique_ptr<UpdateRule>(std::make_unique<Nadam>(o));
}

Result<std::unique_ptr<UpdateRule>> MakeSgdHd(const OptimizerConfig& c) {
  SgdHdOptions o;
  o.hypergrad_beta = c.hypergrad_beta;
  o.weight_decay = c.weight_decay;
  return std::unique_ptr<UpdateRule>(std::make_unique<SgdHd>(o));
}

Result<std::unique_ptr<UpdateRule>> MakeAdamHd(const OptimizerConfig& c) {
  AdamHdOptions o;
  o.beta1 = c.beta1;
  o.beta2 = c.beta2;
  o.eps = c.eps;
  o.weight_decay = c.weight_decay;
  o.hypergrad_beta = c.hypergrad_beta;
  return std::unique_ptr<UpdateRule>(std::make_unique<AdamHd>(o));
}

}  // namespace

Result<std::unique_ptr<UpdateRule>> MakeUpdateRule(const OptimizerConfig& requested) {
  OptimizerConfig config = requested;
  if ((config.type == "momentum" || config.type == "nesterov") && config.momentum == 0.0) {
    config.momentum = kDefaultMomentum;
  }
  // The schema's ranges and the Nesterov rule: the same check and message as a config file gets.
  OPTISCOPE_RETURN_IF_ERROR(ValidateOptimizerConfig(config));
  const std::string& t = config.type;
  if (t == "gd" || t == "sgd" || t == "momentum" || t == "nesterov") return MakeSgd(config);
  if (t == "adam" || t == "amsgrad" || t == "adamw") return MakeAdam(config);
  if (t == "adagrad") return MakeAdagrad(config);
  if (t == "rmsprop") return MakeRmsprop(config);
  if (t == "nadam") return MakeNadam(config);
  if (t == "sgd_hd") return MakeSgdHd(config);
  if (t == "adam_hd") return MakeAdamHd(config);
  if (IsFullBatchOptimizer(t)) {
    return Status::InvalidArgument(
        "optimizer lbfgs needs the whole objective, not one gradient per step: use "
        "optiscope::Lbfgs (engine/optim/lbfgs.h) with full-batch evaluation");
  }
  return Status::InvalidArgument(
      "unknown optimizer '" + t +
      "'; expected one of: gd sgd momentum nesterov adagrad rmsprop adam amsgrad adamw nadam "
      "lbfgs sgd_hd adam_hd");
}

}  // namespace optiscope
