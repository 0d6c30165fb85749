// StudyObjective: what a study evaluates for one set of parameters — a training run, a built-in
// test function or an external command. The Study runner owns the trial bookkeeping; an objective
// only computes values and reports intermediate ones.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/events/study_events.h"

namespace optiscope {

// What an objective gets from the runner while it evaluates one trial. Implemented by the runner.
class TrialContext {
 public:
  virtual ~TrialContext() = default;
  // Records an intermediate value (e.g. the validation metric after epoch `step`, steps from 1)
  // and asks the pruner. Returns true when the objective should stop now: the trial was pruned,
  // stopped by the user, or the study is stopping. Thread-safe for the trial's own thread.
  virtual bool Report(int step, double value) = 0;
  // Requested when the trial must stop (pruned, stopped, study stopping, timeout).
  virtual std::stop_token StopToken() const = 0;
  // The trial number (e.g. to name a run).
  virtual int TrialNumber() const = 0;
};

// One evaluation request.
struct TrialRequest {
  std::vector<TrialParam> params;  // active parameters of the trial
  int extra_epochs = 0;            // "extend": train this many epochs beyond the configuration
  uint64_t seed_offset = 0;        // re-evaluation with another seed (added to training.seed)
};

// The objective of a study. Evaluate may be called concurrently from several threads (n_jobs), so
// implementations keep no mutable state between calls (or guard it).
class StudyObjective {
 public:
  virtual ~StudyObjective() = default;
  // Number of values Evaluate returns (1, or more for a multi-objective study).
  virtual int NumValues() const = 0;
  // Evaluates one trial. An error Status is a failed trial whose reason is the message (e.g. "exit
  // status 2", "loss became NaN at epoch 3, batch 4"); a trial stopped through the context returns
  // Status::Cancelled. Must not throw.
  virtual Result<std::vector<double>> Evaluate(const TrialRequest& request,
                                               TrialContext& context) = 0;
};

}  // namespace optiscope
