#include "engine/search/successive_halving_pruner.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace optiscope {
namespace {

int64_t RungStep(int64_t min_resource, int eta, int exponent) {
  int64_t s = min_resource;
  for (int i = 0; i < exponent; ++i) s *= eta;
  return s;
}

// The value `t` recorded at the rung at `rung_step`, if it reached it: its value at the first
// reported step >= rung_step. For a pruned trial the rungs it recorded end at its last step.
std::optional<double> RungValue(const FrozenTrial& t, int64_t rung_step) {
  auto it = t.intermediate.lower_bound(static_cast<int>(std::min<int64_t>(rung_step, INT32_MAX)));
  if (it == t.intermediate.end()) return std::nullopt;
  return it->second;
}

}  // namespace

bool SuccessiveHalvingPruner::ShouldPrune(const FrozenTrial& trial,
                                          std::span<const FrozenTrial> history,
                                          Direction direction) const {
  std::vector<const FrozenTrial*> others;
  for (const FrozenTrial& t : history) {
    if (t.number != trial.number) others.push_back(&t);
  }
  return ShouldPruneAmong(trial, others, history, direction);
}

bool SuccessiveHalvingPruner::ShouldPruneAmong(const FrozenTrial& trial,
                                               std::span<const FrozenTrial* const> others,
                                               std::span<const FrozenTrial> all,
                                               Direction direction) const {
  const std::optional<int> last = trial.LastStep();
  if (!last) return false;
  const int step = *last;
  const double value = trial.intermediate.at(step);
  int64_t min_resource = options_.min_resource;
  if (min_resource <= 0) {
    int max_last = -1;
    for (const FrozenTrial& t : all) {
      if (t.state == TrialState::kComplete && t.LastStep()) max_last = std::max(max_last, *t.LastStep());
    }
    if (max_last < 0) return false;
    min_resource = std::max(max_last / 100, 1);
  }
  const int eta = std::max(2, options_.reduction_factor);
  // Rungs already passed at earlier reports.
  int previous = -1;
  for (const auto& [s, v] : trial.intermediate) {
    if (s < step) previous = s;
  }
  int rung = 0;
  while (RungStep(min_resource, eta, options_.min_early_stopping_rate + rung) <= previous) ++rung;

  while (true) {
    const int64_t rung_step = RungStep(min_resource, eta, options_.min_early_stopping_rate + rung);
    if (step < rung_step) return false;
    if (std::isnan(value)) return true;
    std::vector<double> competing;
    for (const FrozenTrial* t : others) {
      std::optional<double> v = RungValue(*t, rung_step);
      if (!v) continue;
      if (t->state == TrialState::kPruned) {
        // A pruned trial stopped at the first rung it failed: it recorded rungs whose value
        // came from a step before its last one, and the lowest rung reached at its last step.
        auto it = t->intermediate.lower_bound(static_cast<int>(rung_step));
        const int at = it->first;
        if (at == *t->LastStep() && rung > 0) {
          const int64_t prev_rung =
              RungStep(min_resource, eta, options_.min_early_stopping_rate + rung - 1);
          if (prev_rung >= 0 && t->intermediate.lower_bound(static_cast<int>(prev_rung))->first ==
                                    at) {
            continue;  // it was pruned at a lower rung in the same report
          }
        }
      }
      competing.push_back(*v);
    }
    competing.push_back(value);
    if (static_cast<int>(competing.size()) <= options_.bootstrap_count) return true;
    int idx = static_cast<int>(competing.size()) / eta - 1;
    if (idx < 0) idx = 0;
    std::sort(competing.begin(), competing.end());
    const bool promotable = direction == Direction::kMaximize
                                ? value >= competing[competing.size() - 1 - idx]
                                : value <= competing[idx];
    if (!promotable) return true;
    ++rung;
  }
}

}  // namespace optiscope
