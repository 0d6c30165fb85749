// LbfgsTrainer: full-batch training with L-BFGS (optimizer "lbfgs"), one L-BFGS step (up to
// max_iter iterations with line search) per epoch, with the same events and outcome as Trainer.
#pragma once

#include <span>
#include <stop_token>

#include "engine/events/events.h"
#include "engine/losses/loss.h"
#include "engine/models/differentiable_model.h"
#include "engine/optim/lbfgs.h"
#include "engine/train/trainer.h"

namespace optiscope {

// The objective is the mean data loss over ALL training rows (inference mode: no dropout) plus
// (l2/2)*||w||^2 over weights; its gradient is backpropagated in chunks of up to 256 rows. Each
// epoch is one Lbfgs::Step (torch.optim.LBFGS.step(closure) semantics), then one EpochMetrics:
// train loss/metric of the accepted point, validation ones, lr = the configured lr. The stop token
// is checked before every step (a step is at most max_eval full-batch passes; the full-batch
// method is meant for small data). Non-finite objective: "failed" with the epoch in the reason.
// Early stopping as in Trainer. batch_size, l1 and clip_grad_norm do not apply (RunExperiment
// rejects l1 and clipping with lbfgs). Not thread-safe; deterministic.
class LbfgsTrainer {
 public:
  // The model and loss must outlive the trainer.
  LbfgsTrainer(const DifferentiableModel& model, const Loss& loss, LbfgsOptions lbfgs,
               TrainerOptions options);

  // As Trainer::Train.
  TrainOutcome Train(const Mat& X, const Vec& y, const Mat& X_val, const Vec& y_val,
                     std::span<Scalar> params, EventSink& sink, std::stop_token stop = {});

 private:
  const DifferentiableModel& model_;
  const Loss& loss_;
  LbfgsOptions lbfgs_options_;
  TrainerOptions options_;
};

}  // namespace optiscope
