// Trainer: the mini-batch loop with the configured regularization callbacks (clipping, L1, early
// stopping), for callers that hold an UpdateRule of their own (benchmarks, parity tests).
#pragma once

#include <span>
#include <stop_token>

#include "engine/optim/schedule.h"
#include "engine/optim/update_rule.h"
#include "engine/train/mini_batch_loop.h"
#include "engine/train/regularization_callbacks.h"
#include "engine/train/training_loop.h"

namespace optiscope {

// MiniBatchLoop (mini_batch_loop.h) run with RegularizationCallbacks(options.regularization).
// Not thread-safe; one Trainer per run. Deterministic for a given seed.
class Trainer {
 public:
  // The model, loss, rule and schedule must outlive the Trainer. `schedule` null: the constant
  // options.learning_rate. A schedule is used as it is (not reset): give each Train a fresh one.
  Trainer(const DifferentiableModel& model, const Loss& loss, UpdateRule& rule,
          TrainerOptions options, LrSchedule* schedule = nullptr)
      : model_(model), loss_(loss), options_(options), loop_(rule, std::move(options), schedule) {}

  // Trains `params` (already initialised, size model.NumParameters()) in place on (X, y),
  // validating on (X_val, y_val) which may have 0 rows; `extra` callbacks run between the
  // regularization ones (see RegularizationCallbacks).
  TrainOutcome Train(const Mat& X, const Vec& y, const Mat& X_val, const Vec& y_val,
                     std::span<Scalar> params, EventSink& sink, std::stop_token stop = {},
                     std::span<TrainingCallback* const> extra = {}) {
    const TrainingProblem problem{model_, loss_, X, y, X_val, y_val, params, sink, stop};
    return RunRegularized(loop_, problem, options_, extra);
  }

 private:
  const DifferentiableModel& model_;
  const Loss& loss_;
  TrainerOptions options_;
  MiniBatchLoop loop_;
};

}  // namespace optiscope
