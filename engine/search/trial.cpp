#include "engine/search/trial.h"

namespace optiscope {

const char* TrialStateName(TrialState state) {
  switch (state) {
    case TrialState::kRunning: return "running";
    case TrialState::kComplete: return "complete";
    case TrialState::kPruned: return "pruned";
    case TrialState::kFailed: return "failed";
    case TrialState::kWaiting: return "waiting";
  }
  return "running";
}

std::optional<TrialState> ParseTrialState(const std::string& name) {
  for (TrialState state : {TrialState::kRunning, TrialState::kComplete, TrialState::kPruned,
                           TrialState::kFailed, TrialState::kWaiting}) {
    if (name == TrialStateName(state)) return state;
  }
  return std::nullopt;
}

std::optional<int> FrozenTrial::LastStep() const {
  if (intermediate.empty()) return std::nullopt;
  return intermediate.rbegin()->first;
}

}  // namespace optiscope
