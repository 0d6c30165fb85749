// TrainingCallback: what a training loop tells its observers and modifiers (batch order,
// gradient, step, epoch end) and how they answer (continue or stop), as ensmallen's callbacks.
#pragma once

#include <span>

#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/events/events.h"

namespace optiscope {

// A callback's answer. kStop ends the run with status ok: at epoch end after that epoch, at a
// batch-level call after the current batch (whose epoch is then not reported).
enum class Decision { kContinue, kStop };

// One update of the parameters (mini-batch loop: after UpdateRule::Step).
struct StepView {
  int epoch = 0;
  long long updates = 0;            // updates so far, this one included
  double learning_rate = 0.0;       // the rate the rule actually used (EffectiveLearningRate)
  std::span<Scalar> params;         // the updated parameters; a callback may change them
};

// The end of one epoch, after its EpochMetrics was published.
struct EpochView {
  int epoch = 0;
  const EpochMetrics* metrics = nullptr;
  bool has_validation = false;      // metrics carry validation figures
  std::span<const Scalar> params;   // the parameters at the end of the epoch
};

// Observes (and, for the calls given mutable spans, modifies) one training run. Every method runs
// on the training thread, in the order the callbacks were given, and must not keep the spans.
// Callbacks hold per-run state: one instance per run, not thread-safe. The defaults do nothing.
class TrainingCallback {
 public:
  virtual ~TrainingCallback() = default;
  // Before each epoch's batches: the row order they take (full batch: 0..n-1).
  virtual Decision OnBatchOrder(int /*epoch*/, std::span<const int> /*order*/) {
    return Decision::kContinue; }
  // Mini-batch loop: after the gradient of a batch (penalties included), before the step; the
  // callback may rewrite `grad` (clipping).
  virtual Decision OnGradient(std::span<Scalar> /*grad*/) { return Decision::kContinue; }
  // Mini-batch loop: after each update.
  virtual Decision OnStep(const StepView& /*step*/) { return Decision::kContinue; }
  virtual Decision OnEpochEnd(const EpochView& /*epoch*/) { return Decision::kContinue; }
  // Once, when the loop ends (any status), with the final parameters; they may be rewritten
  // (early stopping restores its best ones).
  virtual void OnTrainEnd(const Status& /*status*/, std::span<Scalar> /*params*/) {}
};

}  // namespace optiscope
