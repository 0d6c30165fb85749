// The regularization a configuration asks for beyond the L2 term of the objective: gradient
// clipping, the L1 proximal step and early stopping, as training callbacks.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "engine/train/early_stopping.h"
#include "engine/train/training_loop.h"

namespace optiscope {

// As torch.nn.utils.clip_grad_value_ (clip_value > 0), then clip_grad_norm_ (clip_norm > 0):
// scale by max_norm / (norm + 1e-6) when it is below 1.
class GradientClipping final : public TrainingCallback {
 public:
  GradientClipping(double clip_value, double clip_norm) : value_(clip_value), norm_(clip_norm) {}
  Decision OnGradient(std::span<Scalar> grad) override;

 private:
  double value_;
  double norm_;
};

// After every update, the L1 proximal step w = sign(w)*max(|w| - lr*l1, 0) on the weights (exact
// zeros; Tibshirani 1996, proximal gradient as in Parikh & Boyd 2014), lr the rate the rule used.
class L1Proximal final : public TrainingCallback {
 public:
  L1Proximal(double l1, std::vector<ParamRange> weights) : l1_(l1), weights_(std::move(weights)) {}
  Decision OnStep(const StepView& step) override;

 private:
  double l1_;
  std::vector<ParamRange> weights_;
};

// The callbacks `reg` asks for (clipping, L1, early stopping; each only when set), in the order
// the loop must call them around `extra`: clipping and L1 first, then `extra`, early stopping last
// (it restores the best weights after every other callback has seen the final ones).
class RegularizationCallbacks {
 public:
  RegularizationCallbacks(const RegularizationConfig& reg, const TrainingProblem& problem,
                          bool classification, std::span<TrainingCallback* const> extra = {});

  std::span<TrainingCallback* const> all() const { return all_; }
  const EarlyStopping& early_stopping() const { return early_stopping_; }

 private:
  std::unique_ptr<GradientClipping> clipping_;
  std::unique_ptr<L1Proximal> l1_;
  EarlyStopping early_stopping_;
  std::vector<TrainingCallback*> all_;
};

// Runs `loop` on `problem` with the regularization callbacks of `options` around `extra`, and
// fills the outcome's best_epoch from early stopping.
TrainOutcome RunRegularized(TrainingLoop& loop, const TrainingProblem& problem,
                            const TrainerOptions& options,
                            std::span<TrainingCallback* const> extra = {});

}  // namespace optiscope
