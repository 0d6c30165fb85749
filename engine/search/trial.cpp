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
  for (TrialState state : {TrialState::kRunning, TrialState::kComplete, TrialState::kPruned,
                           TrialState::kFailed}) {
    if (name == TrialStateName(state)) return state;
  }
  return std::nullopt;
}

std::optional<int> FrozenTrial::LastStep() const {
  if (intermediate.empty()) return std::nullopt;
  return intermediate.rbegin()->first;
}

const FrozenTrial* BestTrial(std::span<const FrozenTrial> history, Direction direction) {
  const FrozenTrial* best = nullptr;
  for (const FrozenTrial& t : history) {
    if (!t.IsComplete()) continue;
    if (best == nullptr || IsBetter(t.values[0], best->values[0], direction)) best = &t;
  }
  return best;
}

}  // namespace optiscope
