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

const FrozenTrial* BestTrial(std::span<const FrozenTrial> history, Direction direction) {
  const FrozenTrial* best = nullptr;
  for (const FrozenTrial& t : history) {
    if (!t.IsComplete()) continue;
    if (best == nullptr || IsBetter(t.values[0], best->values[0], direction)) best = &t;
  }
  return best;
}

}  // namespace optiscope
