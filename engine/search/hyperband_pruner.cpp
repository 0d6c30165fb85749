#include "engine/search/hyperband_pruner.h"

#include <cmath>
#include <numeric>

#include "engine/search/successive_halving_pruner.h"

namespace optiscope {

std::vector<int> HyperbandPruner::BracketBudgets(int max_resource) const {
  const int eta = std::max(2, options_.reduction_factor);
  const double ratio = static_cast<double>(max_resource) / std::max(1, options_.min_resource);
  // floor(log_eta(ratio)) with a guard against 81/1 -> 3.9999999.
  int n_brackets = static_cast<int>(std::floor(std::log(ratio) / std::log(eta) + 1e-9)) + 1;
  n_brackets = std::max(1, n_brackets);
  std::vector<int> budgets;
  for (int b = 0; b < n_brackets; ++b) {
    const int s = n_brackets - 1 - b;
    budgets.push_back(static_cast<int>(std::ceil(n_brackets * std::pow(eta, s) / (s + 1))));
  }
  return budgets;
}

int HyperbandPruner::BracketOf(int number, const std::vector<int>& budgets) const {
  const int total = std::accumulate(budgets.begin(), budgets.end(), 0);
  int64_t n = Crc32(options_.study_name + "_" + std::to_string(number)) % total;
  for (size_t b = 0; b < budgets.size(); ++b) {
    n -= budgets[b];
    if (n < 0) return static_cast<int>(b);
  }
  return static_cast<int>(budgets.size()) - 1;
}

bool HyperbandPruner::ShouldPrune(const FrozenTrial& trial, std::span<const FrozenTrial> history,
                                  Direction direction) const {
  int max_resource = options_.max_resource;
  if (max_resource <= 0) {
    const FrozenTrial* first = nullptr;
    for (const FrozenTrial& t : history) {
      if (t.state != TrialState::kComplete || !t.LastStep()) continue;
      if (first == nullptr || t.end_time < first->end_time ||
          (t.end_time == first->end_time && t.number < first->number)) {
        first = &t;
      }
    }
    if (first == nullptr) return false;
    max_resource = *first->LastStep() + 1;
  }
  const std::vector<int> budgets = BracketBudgets(max_resource);
  const int bracket = BracketOf(trial.number, budgets);
  std::vector<const FrozenTrial*> same;
  for (const FrozenTrial& t : history) {
    if (t.number != trial.number && BracketOf(t.number, budgets) == bracket) same.push_back(&t);
  }
  SuccessiveHalvingOptions sh;
  sh.min_resource = options_.min_resource;
  sh.reduction_factor = options_.reduction_factor;
  sh.min_early_stopping_rate = bracket;
  sh.bootstrap_count = options_.bootstrap_count;
  return SuccessiveHalvingPruner(sh).ShouldPruneAmong(trial, same, history, direction);
}

}  // namespace optiscope
