// The optimizer race (issue 3): several optimizers train the same model on the same data from the
// same initial weights with the same mini-batches, concurrently, and are ranked.
#pragma once

#include <cstdint>
#include <limits>
#include <stop_token>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/events/events.h"
#include "engine/race/learning_rate_tuning.h"
#include "engine/race/loss_landscape.h"
#include "engine/race/racer_spec.h"
#include "engine/train/trainer.h"

namespace optiscope {

struct RaceOptions {
  std::vector<RacerSpec> racers;  // at least one; labels unique
  // Target loss for "epochs / seconds to reach": NaN = the worst racer's best loss (DefaultTarget).
  double target_loss = std::numeric_limits<double>::quiet_NaN();
  int threads = 0;         // racers trained at once; 0 = all (the thread budget caps both)
  bool tune_each = false;  // pick each racer's lr first (TuneLearningRate), same budget
  TuningOptions tuning;
  bool landscape = false;  // compute the loss landscape after the race (LossLandscape)
  LandscapeOptions landscape_options;
  // Two-feature classification: publish each racer's DecisionBoundary at epoch 0 and every this
  // many epochs (and at the last); 0 = never.
  int boundary_every = 1;
  int boundary_grid = 60;
};

struct RacerOutcome {
  RacerSpec spec;  // optimizer.lr = the rate raced with (tuned when tuned)
  TrainOutcome outcome;
  std::vector<Scalar> initial_params;  // the weights it started from (fairness check)
  std::vector<Scalar> final_params;
  uint64_t batch_order_hash = 0;               // FNV-1a over every epoch's batch row order
  std::vector<std::vector<int>> batch_orders;  // per epoch, when RaceOptions asked (tests)
  RacerTuned tuning;                           // tune_each only
};

struct RaceResult {
  TaskKind task = TaskKind::kClassification;
  std::vector<RacerOutcome> racers;  // in the given order
  RaceFinished finished;             // standings, best first (also published)
  bool has_landscape = false;
  LossLandscape landscape;  // when requested and computed (also published)
};

// Runs the race: PrepareRaceProblem(config) once; with tune_each, each racer's TuneLearningRate
// (publishing RacerTuned); RaceStarted; then every racer's TrainRacer as a pool task (at most
// `threads` at once, and at most WorkerThreads()), each publishing EpochMetrics with run_id = its
// label (and DecisionBoundary for 2-D classification); then RankRacers -> RaceFinished; then, if asked, the LossLandscape of
// all trajectories centred on the winner's final weights. Fairness: every racer starts from
// problem.initial_params and uses TrainerOptions.seed = training.seed, so the Trainer draws the
// same batch order (Rng(seed).Fork(1)) whatever the optimizer; L-BFGS is full batch. A racer that
// diverges is ranked last ("failed"); the others go on. `stop` cancels every racer within one
// mini-batch: the standings of what ran are still published (status RunEnd::kCancelled).
// InvalidArgument (naming the racer) before anything runs when a racer cannot race; Internal
// with the message when a racer throws.
// `record_batch_orders` keeps each epoch's order in RacerOutcome (memory: rows × epochs ints).
Result<RaceResult> RunRace(const ExperimentConfig& config, const RaceOptions& options,
                           EventSink& sink, std::stop_token stop = {},
                           bool record_batch_orders = false);

}  // namespace optiscope
