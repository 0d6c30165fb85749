#include "engine/search/trial.h"

namespace optiscope {

const char* TrialStateName(TrialState state) {
  switch (state) {
    case TrialState::kRunning: return "running";
    case TrialState::kComplete: return "complete";
    case TrialState::kPruned: return "pruned";
    case TrialState::kFailed: return "failed";
  }
  return "running";
}

std::optional<TrialState> ParseTrialState(const std::string& name) {
  if (name == "running") return TrialState::kRunning;
  if (name == "complete") return TrialState::kComplete;
  if (name == "pruned") return TrialState::kPruned;
  if (name == "failed") return TrialState::kFailed;
  return std::nullopt;
}

std::optional<int> FrozenTrial::LastStep() const {
  if (intermediate.empty()) return std::nullopt;
  return intermediate.rbegin()->first;
}

}  // namespace optiscope
