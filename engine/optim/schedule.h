// Learning-rate schedules (constant, step, exponential, cosine, linear warm-up, one-cycle,
// reduce-on-plateau) with torch.optim.lr_scheduler's formulas, driven by the trainer's loop.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"

namespace optiscope {

// The learning rate to use for the next optimizer step. Protocol for a training loop:
//
//   auto schedule = MakeSchedule(config.schedule, config.optimizer.lr, epochs, batches);
//   for epoch in [0, epochs):
//     for each mini-batch:
//       rule->Step(grad, schedule->Rate(), params);
//       schedule->StepBatch();                      // after every optimizer step
//     schedule->StepEpoch(validation_loss);         // after every epoch (train loss if no
//                                                   // validation set)
//
// Epoch schedules (constant, step, exponential, cosine, warmup, plateau) change only in
// StepEpoch, so Rate() is constant within an epoch and equals torch's get_last_lr() after that many
// scheduler.step() calls; one_cycle changes only in StepBatch (torch steps OneCycleLR per batch).
// Only plateau reads the loss. Rates for epochs past the planned count follow the same formula
// (cosine keeps its period, as torch's CosineAnnealingLR does; one_cycle stays at its final rate).
// Not thread-safe; one instance per run.
class LrSchedule {
 public:
  virtual ~LrSchedule() = default;
  virtual std::string Name() const = 0;
  virtual double Rate() const = 0;
  virtual void StepBatch() {}
  virtual void StepEpoch(double /*val_loss*/) {}
  // The momentum (SGD momentum / Adam beta1) for the next step when the schedule cycles it
  // (one_cycle with cycle_momentum), else nullopt. Give it to UpdateRule::SetMomentum before the
  // step, as the trainer does.
  virtual std::optional<double> Momentum() const { return std::nullopt; }
};

// Builds the schedule named by config.type for a run of `epochs` epochs of `batches_per_epoch`
// optimizer steps, starting from `base_lr` (the optimizer's lr):
// - constant:    base_lr.
// - step:        base_lr·gamma^⌊e/step_size⌋ (StepLR).
// - exponential: base_lr·gamma^e (ExponentialLR).
// - cosine:      eta_min + (base_lr − eta_min)·(1 + cos(π·e/T))/2, T = t_max or `epochs`
//                (CosineAnnealingLR).
// - warmup:      base_lr·(start_factor + (1 − start_factor)·min(e, W)/W), W = warmup_epochs
//                (LinearLR with end_factor 1, total_iters W).
// - one_cycle:   per batch step s of S = epochs·batches_per_epoch: cosine from max_lr/div_factor up
//                to max_lr over the first pct_start·S − 1 steps, then cosine down to
//                max_lr/(div_factor·final_div_factor) at step S − 1 (OneCycleLR, two phases;
//                max_lr 0 means base_lr). With cycle_momentum (default, as torch) Momentum()
//                runs the opposite way, max_momentum -> base_momentum -> max_momentum, with the
//                same cosine phases (OneCycleLR's cycle_momentum=True).
// - plateau:     multiplies the rate by factor when the loss has not improved on the best by the
//                relative threshold for more than `patience` epochs (ReduceLROnPlateau, mode min,
//                threshold_mode rel, cooldown 0, min_lr 0, eps 1e-8); then counts afresh.
// (e = StepEpoch calls so far.) InvalidArgument for an unknown type or invalid values.
Result<std::unique_ptr<LrSchedule>> MakeSchedule(const ScheduleConfig& config, double base_lr,
                                                 int epochs, int batches_per_epoch);

}  // namespace optiscope
