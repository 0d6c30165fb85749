// LbfgsLoop: full-batch training with L-BFGS, one L-BFGS step (up to max_iter iterations with
// line search) per epoch, with the same events, callbacks and outcome as MiniBatchLoop.
#pragma once

#include "engine/optim/lbfgs.h"
#include "engine/train/training_loop.h"

namespace optiscope {

// The objective is the mean data loss over ALL training rows (inference mode: no dropout) plus
// (l2/2)*||w||^2 over weights; its gradient is backpropagated in chunks of up to 256 rows. Each
// epoch is one Lbfgs::Step (torch.optim.LBFGS.step(closure) semantics), then one EpochMetrics:
// train loss/metric of the accepted point, validation ones, lr = the configured lr. The stop token
// is checked before every step. OnBatchOrder gets 0..n-1; OnGradient and OnStep are not called
// (MakeTrainingLoop refuses l1, clipping and dropout with it). batch_size does not apply.
class LbfgsLoop final : public TrainingLoop {
 public:
  LbfgsLoop(LbfgsOptions lbfgs, TrainerOptions options)
      : lbfgs_options_(lbfgs), options_(std::move(options)) {}

  TrainOutcome Run(const TrainingProblem& problem,
                   std::span<TrainingCallback* const> callbacks) override;

 private:
  LbfgsOptions lbfgs_options_;
  TrainerOptions options_;
};

}  // namespace optiscope
