// MakeUpdateRule: maps OptimizerConfig::type to an UpdateRule, validating the hyperparameters
// the way torch.optim's constructors do. Names:
//   gd, sgd   -> Sgd with config.momentum/dampening/nesterov (0/0/false by default: plain SGD;
//                whether it is full-batch or mini-batch is the trainer's batch size)
//   momentum  -> Sgd with config.momentum (0.9 when the config leaves it at 0)
//   nesterov  -> Sgd with Nesterov momentum (config.momentum, 0.9 when left at 0)
//   adam, amsgrad (adam with amsgrad), adamw, adagrad, rmsprop, nadam, sgd_hd, adam_hd
//   lbfgs     -> InvalidArgument: use Lbfgs (lbfgs.h), which needs the whole objective.
#include <memory>
#include <string>

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

Status CheckCommon(const OptimizerConfig& c) {
  if (!(c.lr >= 0.0)) {
    return Status::InvalidArgument("optimizer " + c.type + ": learning rate must be >= 0, got " +
                                   std::to_string(c.lr));
  }
  if (!(c.weight_decay >= 0.0)) {
    return Status::InvalidArgument("optimizer " + c.type + ": weight_decay must be >= 0, got " +
                                   std::to_string(c.weight_decay));
  }
  if (!(c.eps >= 0.0)) {
    return Status::InvalidArgument("optimizer " + c.type + ": eps must be >= 0, got " +
                                   std::to_string(c.eps));
  }
  return Status::Ok();
}

Status CheckBetas(const OptimizerConfig& c) {
  if (!(c.beta1 >= 0.0 && c.beta1 < 1.0)) {
    return Status::InvalidArgument("optimizer " + c.type + ": beta1 must be in [0, 1), got " +
                                   std::to_string(c.beta1));
  }
  if (!(c.beta2 >= 0.0 && c.beta2 < 1.0)) {
    return Status::InvalidArgument("optimizer " + c.type + ": beta2 must be in [0, 1), got " +
                                   std::to_string(c.beta2));
  }
  return Status::Ok();
}

Result<std::unique_ptr<UpdateRule>> MakeSgd(const OptimizerConfig& c) {
  SgdOptions o;
  o.momentum = c.momentum;
  o.dampening = c.dampening;
  o.nesterov = c.nesterov || c.type == "nesterov";
  o.weight_decay = c.weight_decay;
  if ((c.type == "momentum" || c.type == "nesterov") && o.momentum == 0.0) {
    o.momentum = kDefaultMomentum;
  }
  if (!(o.momentum >= 0.0)) {
    return Status::InvalidArgument("optimizer " + c.type + ": momentum must be >= 0, got " +
                                   std::to_string(o.momentum));
  }
  if (o.nesterov && (o.momentum <= 0.0 || o.dampening != 0.0)) {
    return Status::InvalidArgument("optimizer " + c.type +
                                   ": Nesterov momentum requires momentum > 0 and dampening 0");
  }
  return std::unique_ptr<UpdateRule>(std::make_unique<Sgd>(o, c.type));
}

// adam, amsgrad (adam with amsgrad) and adamw (adam with decoupled weight decay).
Result<std::unique_ptr<UpdateRule>> MakeAdam(const OptimizerConfig& c) {
  OPTISCOPE_RETURN_IF_ERROR(CheckBetas(c));
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
  if (!(c.lr_decay >= 0.0) || !(c.initial_accumulator >= 0.0)) {
    return Status::InvalidArgument(
        "optimizer adagrad: lr_decay and initial_accumulator must be >= 0");
  }
  AdagradOptions o;
  o.lr_decay = c.lr_decay;
  o.weight_decay = c.weight_decay;
  o.initial_accumulator = c.initial_accumulator;
  o.eps = c.eps;
  return std::unique_ptr<UpdateRule>(std::make_unique<Adagrad>(o));
}

Result<std::unique_ptr<UpdateRule>> MakeRmsprop(const OptimizerConfig& c) {
  if (!(c.alpha >= 0.0 && c.alpha <= 1.0)) {
    return Status::InvalidArgument("optimizer rmsprop: alpha must be in [0, 1], got " +
                                   std::to_string(c.alpha));
  }
  if (!(c.momentum >= 0.0)) {
    return Status::InvalidArgument("optimizer rmsprop: momentum must be >= 0, got " +
                                   std::to_string(c.momentum));
  }
  RmspropOptions o;
  o.alpha = c.alpha;
  o.eps = c.eps;
  o.weight_decay = c.weight_decay;
  o.momentum = c.momentum;
  o.centered = c.centered;
  return std::unique_ptr<UpdateRule>(std::make_unique<Rmsprop>(o));
}

Result<std::unique_ptr<UpdateRule>> MakeNadam(const OptimizerConfig& c) {
  OPTISCOPE_RETURN_IF_ERROR(CheckBetas(c));
  if (!(c.momentum_decay >= 0.0)) {
    return Status::InvalidArgument("optimizer nadam: momentum_decay must be >= 0, got " +
                                   std::to_string(c.momentum_decay));
  }
  NadamOptions o;
  o.beta1 = c.beta1;
  o.beta2 = c.beta2;
  o.eps = c.eps;
  o.weight_decay = c.weight_decay;
  o.momentum_decay = c.momentum_decay;
  return std::unique_ptr<UpdateRule>(std::make_unique<Nadam>(o));
}

Status CheckHypergradBeta(const OptimizerConfig& c) {
  if (!(c.hypergrad_beta >= 0.0)) {
    return Status::InvalidArgument("optimizer " + c.type + ": hypergrad_beta must be >= 0, got " +
                                   std::to_string(c.hypergrad_beta));
  }
  return Status::Ok();
}

Result<std::unique_ptr<UpdateRule>> MakeSgdHd(const OptimizerConfig& c) {
  OPTISCOPE_RETURN_IF_ERROR(CheckHypergradBeta(c));
  SgdHdOptions o;
  o.hypergrad_beta = c.hypergrad_beta;
  o.weight_decay = c.weight_decay;
  return std::unique_ptr<UpdateRule>(std::make_unique<SgdHd>(o));
}

Result<std::unique_ptr<UpdateRule>> MakeAdamHd(const OptimizerConfig& c) {
  OPTISCOPE_RETURN_IF_ERROR(CheckBetas(c));
  OPTISCOPE_RETURN_IF_ERROR(CheckHypergradBeta(c));
  AdamHdOptions o;
  o.beta1 = c.beta1;
  o.beta2 = c.beta2;
  o.eps = c.eps;
  o.weight_decay = c.weight_decay;
  o.hypergrad_beta = c.hypergrad_beta;
  return std::unique_ptr<UpdateRule>(std::make_unique<AdamHd>(o));
}

}  // namespace

Result<std::unique_ptr<UpdateRule>> MakeUpdateRule(const OptimizerConfig& config) {
  OPTISCOPE_RETURN_IF_ERROR(CheckCommon(config));
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
