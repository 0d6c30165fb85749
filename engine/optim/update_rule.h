// UpdateRule: one optimizer's step over the model's single contiguous parameter buffer.
// Each rule lives in its own file (sgd.cpp, adam.cpp, ...) with PyTorch's semantics.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/core/types.h"

namespace optiscope {

// A first-order update rule with internal state (moments, buffers, step count).
// Not thread-safe: one instance per training run.
class UpdateRule {
 public:
  virtual ~UpdateRule() = default;
  virtual std::string Name() const = 0;
  // Clears all state for a parameter vector of `num_params` entries. Call before the first Step.
  virtual void Reset(int num_params) = 0;
  // One step: `grad` is dL/dθ at `params`; updates `params` in place with learning rate `lr`
  // (the schedule's current rate). REQUIRES: grad.size() == params.size() == num_params.
  // Must not allocate (state is sized in Reset).
  virtual void Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) = 0;
  // The learning rate actually used by the last step (differs from `lr` for hypergradient rules).
  virtual double EffectiveLearningRate(double lr) const { return lr; }
  // Sets the momentum coefficient used by the following steps (SGD's momentum, Adam's and
  // AdamW's beta1), for schedules that cycle it (one_cycle, LrSchedule::Momentum). Returns false
  // and changes nothing for rules without one (and SGD configured without momentum).
  virtual bool SetMomentum(double /*momentum*/) { return false; }
};

// Builds the rule named by config.type (see OptimizerConfig). InvalidArgument for an unknown name
// or for a full-batch optimizer (IsFullBatchOptimizer: L-BFGS), which needs the whole objective
// (see lbfgs.h).
Result<std::unique_ptr<UpdateRule>> MakeUpdateRule(const OptimizerConfig& config);

}  // namespace optiscope
