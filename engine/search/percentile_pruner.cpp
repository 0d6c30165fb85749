#include "engine/search/percentile_pruner.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optiscope {

double Percentile(std::vector<double> values, double q) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const double pos = q / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(pos));
  const size_t hi = std::min(lo + 1, values.size() - 1);
  const double frac = pos - static_cast<double>(lo);
  return values[lo] + (values[hi] - values[lo]) * frac;
}

bool PercentilePruner::ShouldPrune(const FrozenTrial& trial, std::span<const FrozenTrial> history,
                                   Direction direction) const {
  std::vector<const FrozenTrial*> completed;
  for (const FrozenTrial& t : history) {
    if (t.state == TrialState::kComplete && t.number != trial.number) completed.push_back(&t);
  }
  if (completed.empty() || static_cast<int>(completed.size()) < options_.n_startup_trials) {
    return false;
  }
  const std::optional<int> last = trial.LastStep();
  if (!last) return false;
  const int step = *last;
  if (step < options_.n_warmup_steps) return false;
  // Only the first report at or after each pruning step (warm-up + k * interval) is checked.
  const int interval = std::max(1, options_.interval_steps);
  const int nearest_lower =
      (step - options_.n_warmup_steps) / interval * interval + options_.n_warmup_steps;
  int second_last = -1;
  for (const auto& [s, v] : trial.intermediate) {
    if (s < step && s > second_last) second_last = s;
  }
  if (second_last >= nearest_lower) return false;

  double best = std::numeric_limits<double>::quiet_NaN();
  for (const auto& [s, v] : trial.intermediate) {
    if (std::isnan(v)) continue;
    if (std::isnan(best) || IsBetter(v, best, direction)) best = v;
  }
  if (std::isnan(best)) return true;

  std::vector<double> at_step;
  for (const FrozenTrial* t : completed) {
    auto it = t->intermediate.find(step);
    if (it != t->intermediate.end()) at_step.push_back(it->second);
  }
  if (static_cast<int>(at_step.size()) < options_.n_min_trials) return false;
  const double q = direction == Direction::kMaximize ? 100.0 - options_.percentile
                                                     : options_.percentile;
  const double p = Percentile(at_step, q);
  if (std::isnan(p)) return false;
  return direction == Direction::kMaximize ? best < p : best > p;
}

}  // namespace optiscope
