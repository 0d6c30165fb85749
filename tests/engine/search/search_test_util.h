// A minimal sequential study loop for sampler tests: sample, evaluate, append to the history.
#pragma once

#include <algorithm>
#include <limits>
#include <vector>

#include "engine/search/param_transform.h"
#include "engine/search/sampler.h"
#include "engine/search/test_functions.h"

namespace optiscope::testing {

// Runs `n_trials` of `sampler` on `f` (minimisation) with Rng(seed); returns the history.
inline std::vector<FrozenTrial> RunLoop(Sampler& sampler, const TestFunction& f, int n_trials,
                                        uint64_t seed) {
  std::vector<FrozenTrial> history;
  Rng rng(seed);
  for (int i = 0; i < n_trials; ++i) {
    FrozenTrial t;
    t.number = i;
    t.params = sampler.Sample(f.space, history, Direction::kMinimize, rng);
    t.state = TrialState::kComplete;
    t.values = {f.evaluate(t.params)};
    history.push_back(std::move(t));
  }
  return history;
}

// `n` complete trials of random points of `f`, values from `f`.
inline std::vector<FrozenTrial> RandomHistory(const TestFunction& f, int n, uint64_t seed) {
  std::vector<FrozenTrial> h;
  Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    FrozenTrial t;
    t.number = i;
    t.params = RandomParams(f.space, rng);
    t.state = TrialState::kComplete;
    t.values = {f.evaluate(t.params)};
    h.push_back(std::move(t));
  }
  return h;
}

inline double BestValue(const std::vector<FrozenTrial>& history) {
  double best = std::numeric_limits<double>::infinity();
  for (const FrozenTrial& t : history) best = std::min(best, t.values[0]);
  return best;
}

inline double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace optiscope::testing
