// TrainingLoop: the one loop that trains a differentiable model (mini-batch or L-BFGS), what it
// trains (TrainingProblem) and its options. Callbacks (training_callback.h) observe and modify it.
#pragma once

#include <cstdint>
#include <span>
#include <stop_token>
#include <string>

#include "engine/config/experiment_config.h"
#include "engine/data/dataset.h"
#include "engine/events/events.h"
#include "engine/losses/loss.h"
#include "engine/models/differentiable_model.h"
#include "engine/train/metrics.h"
#include "engine/train/train_outcome.h"
#include "engine/train/training_callback.h"

namespace optiscope {

struct TrainerOptions {
  int epochs = 30;
  int batch_size = 32;          // <= 0 or >= rows: full batch
  uint64_t seed = 0;            // batch order: Rng(seed).Fork(1); dropout masks: Rng(seed).Fork(2)
  double learning_rate = 1e-3;  // used when no LrSchedule is given
  // l2 is part of the loops' objective; clipping, l1 and early stopping are callbacks
  // (regularization_callbacks.h).
  RegularizationConfig regularization;
  TaskKind task = TaskKind::kClassification;
  TargetScaling target_scaling;  // regression: reported RMSE in original units (metrics.h)
  std::string run_id = "run";
};

// The options of a run of `config` (epochs, batch size, seed, optimizer.lr, regularization) on a
// task whose regression targets were scaled with `scaling`, reporting as `run_id`.
TrainerOptions TrainerOptionsFromConfig(const ExperimentConfig& config, TaskKind task,
                                        TargetScaling scaling, std::string run_id);

// The number of mini-batches in an epoch of `rows` rows (what MakeSchedule needs).
int BatchesPerEpoch(int rows, int batch_size);

// One run's inputs: the model and loss (stateless), the training rows (one target per row: class
// id or value), validation rows (may be 0), the parameters to train in place (initialised, size
// model.NumParameters()), where EpochMetrics go, and the stop request.
struct TrainingProblem {
  const DifferentiableModel& model;
  const Loss& loss;
  const Mat& X;
  const Vec& y;
  const Mat& X_val;
  const Vec& y_val;
  std::span<Scalar> params;
  EventSink& sink;
  std::stop_token stop = {};
};

// Trains problem.params epoch by epoch: per epoch one EpochMetrics to the sink (train figures,
// validation ones in inference mode, NaN without validation rows; losses without penalties), the
// callbacks called as training_callback.h says. The stop token is checked at least once per batch
// (kCancelled). A non-finite loss ends the run with kDiverged. Trains on an aligned copy (runs are
// bitwise reproducible whatever buffer the caller gives) and writes the result back. Not
// thread-safe; one run at a time per loop. Deterministic for a given seed.
class TrainingLoop {
 public:
  virtual ~TrainingLoop() = default;
  virtual TrainOutcome Run(const TrainingProblem& problem,
                           std::span<TrainingCallback* const> callbacks) = 0;
};

}  // namespace optiscope
