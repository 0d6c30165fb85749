// What the two training loops share besides the callbacks' interface: calling every callback,
// the epoch's metrics record and the outcome's text. Internal to engine/train.
#pragma once

#include <chrono>
#include <span>
#include <string>

#include "engine/train/training_loop.h"

namespace optiscope::loop_support {

// Calls `call(callback)` on each callback in order (all of them, even after one said stop);
// kStop when any said so.
template <class Call>
Decision Notify(std::span<TrainingCallback* const> callbacks, Call&& call) {
  Decision decision = Decision::kContinue;
  for (TrainingCallback* c : callbacks) {
    if (call(*c) == Decision::kStop) decision = Decision::kStop;
  }
  return decision;
}

// The EpochMetrics of `epoch` from its train and validation figures.
EpochMetrics MakeEpochMetrics(const TrainerOptions& options, int epoch, const SplitMetrics& train,
                              const SplitMetrics& val, double elapsed_seconds,
                              double learning_rate);

// Records an epoch, publishes it, calls OnEpochEnd. Returns the callbacks' decision.
Decision FinishEpoch(const TrainingProblem& problem, std::span<TrainingCallback* const> callbacks,
                     EpochMetrics metrics, std::span<const Scalar> params, TrainOutcome* outcome);

// Ends a run: stopped_early when a callback stopped it before `epochs`, OnTrainEnd for every
// callback, the final parameters copied back into problem.params, and the elapsed seconds.
void FinishRun(const TrainingProblem& problem, std::span<TrainingCallback* const> callbacks,
               Decision decision, int epochs, std::chrono::steady_clock::time_point start,
               std::span<Scalar> params, TrainOutcome* outcome);

// Seconds since `start`.
inline double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace optiscope::loop_support
