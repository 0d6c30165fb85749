// Trainer: the mini-batch training loop shared by every differentiable model — shuffled batches,
// any UpdateRule, L1/L2 penalties, gradient clipping, early stopping, per-epoch events,
// cancellation and divergence detection. The loop over batches does not allocate.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/data/dataset.h"
#include "engine/events/events.h"
#include "engine/losses/loss.h"
#include "engine/models/differentiable_model.h"
#include "engine/optim/schedule.h"
#include "engine/optim/update_rule.h"
#include "engine/train/metrics.h"

namespace optiscope {

struct TrainerOptions {
  int epochs = 30;
  int batch_size = 32;          // <= 0 or >= rows: full batch
  uint64_t seed = 0;            // batch order: Rng(seed).Fork(1); dropout masks: Rng(seed).Fork(2)
  double learning_rate = 1e-3;  // used when no LrSchedule is given
  RegularizationConfig regularization;
  TaskKind task = TaskKind::kClassification;
  TargetScaling target_scaling;  // regression: reported RMSE in original units (metrics.h)
  std::string run_id = "run";
  // Observation hooks (the optimizer race uses them); empty = not called. Both run on the
  // training thread and must not keep the spans. on_batch_order: before each epoch's batches,
  // the row order they take (L-BFGS, full batch: 0..n-1). on_epoch_end: after each epoch's
  // EpochMetrics is published, the parameters at that point.
  std::function<void(int epoch, std::span<const int> order)> on_batch_order;
  std::function<void(int epoch, std::span<const Scalar> params)> on_epoch_end;
  // Compression hooks (engine/compress). forward_transform, when set, writes the parameters that
  // Forward/Backward (and validation) use from the trained ones, e.g. fake-quantized weights; the
  // gradient then updates the trained ones (straight-through estimator, Bengio et al. 2013).
  std::function<void(std::span<const Scalar> params, std::span<Scalar> used)> forward_transform;
  // after_update, when set, runs after every update with the parameters and the number of
  // updates so far, e.g. to re-apply pruning masks.
  std::function<void(std::span<Scalar> params, long long updates)> after_update;
};

// How a training run ended. Status "ok" (all epochs, or early stopping), "cancelled" (stop
// requested; reason names epoch and batch) or "failed" (reason, e.g. "loss became NaN at epoch 3,
// batch 17").
struct TrainOutcome {
  std::string status = "ok";
  std::string reason;
  int epochs_run = 0;          // epochs completed
  int best_epoch = 0;          // early stopping: the epoch whose weights were restored, else 0
  bool stopped_early = false;  // early stopping ended the run before the last epoch
  double seconds = 0.0;        // wall time of the loop
  std::vector<EpochMetrics> history;
};

// The number of mini-batches in an epoch of `rows` rows (what MakeSchedule needs).
int BatchesPerEpoch(int rows, int batch_size);

// Per batch: gather rows (seeded shuffle each epoch) -> Forward (training mode) -> loss and
// dLoss/dOutputs -> Backward -> + l2*w on weights -> clip to clip_grad_norm -> rule.Step ->
// L1 proximal step w = sign(w)*max(|w| - lr*l1, 0) on weights (exact zeros; Tibshirani 1996,
// proximal gradient as in Parikh & Boyd 2014) -> schedule StepBatch. The stop token is checked
// before every batch. After each epoch the schedule's StepEpoch gets the validation loss (the
// train loss without validation rows).
// Per epoch: one EpochMetrics to the sink. Its train loss/metric are the running mean over the
// epoch's batches (training mode, before each update, as Keras reports them); validation ones are
// computed after the epoch in inference mode (NaN without validation rows). Reported losses are
// the data loss without penalties. Early stopping (patience > 0) monitors the validation loss (the
// train loss if there are no validation rows) and, when training ends ok, restores the best
// weights. Not thread-safe; one Trainer per run. Deterministic for a given seed.
class Trainer {
 public:
  // The model, loss, rule and schedule must outlive the Trainer. `schedule` null: the constant
  // options.learning_rate. A schedule is used as it is (not reset): give each Train a fresh one.
  Trainer(const DifferentiableModel& model, const Loss& loss, UpdateRule& rule,
          TrainerOptions options, LrSchedule* schedule = nullptr);

  // Trains `params` (already initialised, size model.NumParameters()) in place on (X, y), one
  // target per row (class id or value), validating on (X_val, y_val) which may have 0 rows.
  // The update rule is Reset first.
  TrainOutcome Train(const Mat& X, const Vec& y, const Mat& X_val, const Vec& y_val,
                     std::span<Scalar> params, EventSink& sink, std::stop_token stop = {});

 private:
  const DifferentiableModel& model_;
  const Loss& loss_;
  UpdateRule& rule_;
  TrainerOptions options_;
  LrSchedule* schedule_;
};

}  // namespace optiscope
