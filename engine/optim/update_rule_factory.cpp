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
  o.nesterov = c.nesterov || c.type == OptimizerType::kNesterov;
  o.weight_decay = c.weight_decay;
  return std::unique_ptr<UpdateRule>(std::make_unique<Sgd>(o, EnumName(c.type)));
}

// adam, amsgrad (adam with amsgrad) and adamw (adam with decoupled weight decay).
Result<std::unique_ptr<UpdateRule>> MakeAdam(const OptimizerConfig& c) {
  AdamOptions o;
  o.beta1 = c.beta1;
  o.beta2 = c.beta2;
  o.eps = c.eps;
  o.weight_decay = c.weight_decay;
  o.decoupled_weight_decay = c.type == OptimizerType::kAdamw;
  o.amsgrad = c.amsgrad || c.type == OptimizerType::kAmsgrad;
  return std::unique_ptr<UpdateRule>(std::make_unique<Adam>(o, EnumName(c.type)));
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
  const bool momentum_rule =
      config.type == OptimizerType::kMomentum || config.type == OptimizerType::kNesterov;
  if (momentum_rule && config.momentum == 0.0) {
    config.momentum = kDefaultMomentum;
  }
  // The schema's ranges and the Nesterov rule: the same check and message as a config file gets.
  OPTISCOPE_RETURN_IF_ERROR(ValidateOptimizerConfig(config));
  switch (config.type) {
    case OptimizerType::kGd:
    case OptimizerType::kSgd:
    case OptimizerType::kMomentum:
    case OptimizerType::kNesterov:
      return MakeSgd(config);
    case OptimizerType::kAdam:
    case OptimizerType::kAmsgrad:
    case OptimizerType::kAdamw:
      return MakeAdam(config);
    case OptimizerType::kAdagrad:
      return MakeAdagrad(config);
    case OptimizerType::kRmsprop:
      return MakeRmsprop(config);
    case OptimizerType::kNadam:
      return MakeNadam(config);
    case OptimizerType::kSgdHd:
      return MakeSgdHd(config);
    case OptimizerType::kAdamHd:
      return MakeAdamHd(config);
    case OptimizerType::kLbfgs:
      return Status::InvalidArgument(
          "optimizer lbfgs needs the whole objective, not one gradient per step: use "
          "optiscope::Lbfgs (engine/optim/lbfgs.h) with full-batch evaluation");
  }
  return Status::InvalidArgument("optimizer.type: \"?\" (a value outside the table)");
}

}  // namespace optiscope
