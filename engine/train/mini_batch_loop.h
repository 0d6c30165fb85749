// MiniBatchLoop: shuffled mini-batches, any UpdateRule and LrSchedule; the loop over batches does
// not allocate.
#pragma once

#include "engine/optim/schedule.h"
#include "engine/optim/update_rule.h"
#include "engine/train/training_loop.h"

namespace optiscope {

// Per batch: gather rows (seeded shuffle each epoch) -> Forward (training mode) -> loss and
// dLoss/dOutputs -> Backward -> + l2*w on weights -> callbacks' OnGradient -> rule.Step ->
// callbacks' OnStep -> schedule StepBatch. After each epoch the schedule's StepEpoch gets the
// validation loss (the train loss without validation rows). Train loss/metric of an epoch are the
// running mean over its batches (training mode, before each update, as Keras reports them). The
// rule is Reset at the start of each Run.
class MiniBatchLoop final : public TrainingLoop {
 public:
  // The rule and schedule must outlive the loop. `schedule` null: the constant
  // options.learning_rate. A schedule is used as it is (not reset): give each Run a fresh one.
  MiniBatchLoop(UpdateRule& rule, TrainerOptions options, LrSchedule* schedule = nullptr);

  TrainOutcome Run(const TrainingProblem& problem,
                   std::span<TrainingCallback* const> callbacks) override;

 private:
  class EpochRunner;  // one run's buffers and batch loop (mini_batch_loop.cpp)

  UpdateRule& rule_;
  TrainerOptions options_;
  LrSchedule* schedule_;
};

}  // namespace optiscope
