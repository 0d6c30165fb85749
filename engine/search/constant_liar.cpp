#include "engine/search/constant_liar.h"

#include <cmath>

namespace optiscope {

bool SamplerTakesLies(const std::string& sampler_name) {
  return sampler_name == "tpe" || sampler_name == "gp" || sampler_name == "auto";
}

namespace {
bool IsPending(const FrozenTrial& t) {
  return (t.state == TrialState::kRunning || t.state == TrialState::kWaiting) &&
         !t.params.empty();
}
}  // namespace

bool HasPendingTrials(std::span<const FrozenTrial> history) {
  for (const FrozenTrial& t : history) {
    if (IsPending(t)) return true;
  }
  return false;
}

std::vector<FrozenTrial> WithConstantLiar(std::span<const FrozenTrial> history,
                                          std::span<const Direction> directions) {
  std::vector<FrozenTrial> out(history.begin(), history.end());
  std::vector<double> worst(directions.size(), std::nan(""));
  bool any = false;
  for (const FrozenTrial& t : history) {
    if (!t.IsComplete() || t.values.size() != directions.size()) continue;
    for (size_t i = 0; i < directions.size(); ++i) {
      const double v = t.values[i];
      if (!std::isfinite(v)) continue;
      if (std::isnan(worst[i]) || IsBetter(worst[i], v, directions[i])) worst[i] = v;
      any = true;
    }
  }
  if (!any) return out;
  for (size_t i = 0; i < worst.size(); ++i) {
    if (std::isnan(worst[i])) return out;  // an objective without any finite value: no lie
  }
  for (FrozenTrial& t : out) {
    if (!IsPending(t)) continue;
    t.state = TrialState::kComplete;
    t.values = worst;
  }
  return out;
}

}  // namespace optiscope
