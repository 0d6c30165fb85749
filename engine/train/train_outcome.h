// TrainOutcome: how one training loop run ended (a Status, the epochs run, the history), and the
// short text a Status gets in events and output ("ok", "cancelled", "failed").
#pragma once

#include <vector>

#include "engine/core/status.h"
#include "engine/events/events.h"

namespace optiscope {

// Status ok (all epochs, or a callback such as early stopping ended the run), kCancelled (stop
// requested; the message names epoch and batch) or kDiverged (message e.g. "loss became NaN at
// epoch 3, batch 17").
struct TrainOutcome {
  Status status;
  int epochs_run = 0;          // epochs completed
  int best_epoch = 0;          // early stopping: the epoch whose weights were restored, else 0
  bool stopped_early = false;  // a callback ended the run before the last epoch
  double seconds = 0.0;        // wall time of the loop
  std::vector<EpochMetrics> history;
};

// How a run with this Status ended, as events carry it: kOk, kCancelled (kCancelled) or kFailed
// (any other error, a diverged loss included: the reason says so).
RunEnd RunEndOf(const Status& status);
// RunEndName(RunEndOf(status)): "ok", "cancelled" or "failed", for messages.
const char* RunStatusName(const Status& status);

}  // namespace optiscope
