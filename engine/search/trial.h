// FrozenTrial: an immutable snapshot of one trial of a study, the history samplers and pruners
// read. Direction says whether lower or higher objective values are better.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/search/search_space.h"

namespace optiscope {

// kWaiting: queued for a worker (a retry of a trial whose process died), not yet running.
enum class TrialState { kRunning, kComplete, kPruned, kFailed, kWaiting };
enum class Direction { kMinimize, kMaximize };

// "running", "complete", "pruned", "failed", "waiting".
const char* TrialStateName(TrialState state);
// Parses the names above; nullopt for anything else.
std::optional<TrialState> ParseTrialState(const std::string& name);

struct FrozenTrial {
  int number = 0;  // 0-based within the study
  TrialState state = TrialState::kRunning;
  std::vector<double> values;  // complete: one per objective (samplers use values[0])
  ParamSet params;
  std::map<int, double> intermediate;  // step -> reported value
  double start_time = 0.0;  // seconds since the Unix epoch
  double end_time = 0.0;    // 0 while running

  bool IsComplete() const { return state == TrialState::kComplete && !values.empty(); }
  // The last reported step, or nullopt.
  std::optional<int> LastStep() const;
};

// Is `a` strictly better than `b` under `direction`?
inline bool IsBetter(double a, double b, Direction direction) {
  return direction == Direction::kMinimize ? a < b : a > b;
}
// `value` as a loss (negated when maximizing).
inline double AsLoss(double value, Direction direction) {
  return direction == Direction::kMinimize ? value : -value;
}

}  // namespace optiscope
