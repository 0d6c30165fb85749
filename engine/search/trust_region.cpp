#include "engine/search/trust_region.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "engine/search/param_transform.h"

namespace optiscope {

TrustRegion::TrustRegion(const TrustRegionOptions& options)
    : options_(options), length_(options.length_init) {}

void TrustRegion::Record(bool success, int dims) {
  const int failure_tolerance =
      options_.failure_tolerance > 0 ? options_.failure_tolerance : std::max(4, dims);
  if (success) {
    ++successes_;
    failures_ = 0;
  } else {
    ++failures_;
    successes_ = 0;
  }
  if (successes_ >= options_.success_tolerance) {
    length_ = std::min(2.0 * length_, options_.length_max);
    successes_ = 0;
  } else if (failures_ >= failure_tolerance) {
    length_ *= 0.5;
    failures_ = 0;
  }
  if (length_ < options_.length_min) {
    length_ = options_.length_init;
    ++restarts_;
  }
}

namespace {

// The best complete trial with a finite value (lowest number on ties), or null.
const FrozenTrial* Incumbent(const std::vector<const FrozenTrial*>& trials, Direction direction) {
  const FrozenTrial* best = nullptr;
  for (const FrozenTrial* t : trials) {
    if (!t->IsComplete() || !std::isfinite(t->values[0])) continue;
    if (best == nullptr) {
      best = t;
      continue;
    }
    const double a = AsLoss(t->values[0], direction), b = AsLoss(best->values[0], direction);
    if (a < b || (a == b && t->number < best->number)) best = t;
  }
  return best;
}

}  // namespace

TrustRegionSampler::TrustRegionSampler(const TrustRegionOptions& options, const GpOptions& gp)
    : options_(options), gp_options_(gp), gp_(gp), region_(options) {}

ParamSet TrustRegionSampler::Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                                    Direction direction, Rng& rng) {
  std::vector<const FrozenTrial*> trials;
  for (const FrozenTrial* t : TrialsInSpace(space, history)) {
    if (t->IsComplete() && std::isfinite(t->values[0])) trials.push_back(t);
  }
  std::vector<const ParamSpec*> specs;
  for (const ParamSpec& p : space.params()) {
    if (p.parent_index < 0) specs.push_back(&p);
  }
  if (static_cast<int>(trials.size()) < std::max(1, gp_options_.n_startup_trials) ||
      specs.empty()) {
    return RandomParams(space, rng);
  }
  const int d = static_cast<int>(specs.size());
  const FrozenTrial* incumbent = Incumbent(trials, direction);
  const double best = AsLoss(incumbent->values[0], direction);
  if (has_last_best_) {
    region_.Record(best < last_best_ - options_.min_improvement * std::abs(last_best_), d);
  }
  has_last_best_ = true;
  last_best_ = best;

  // The centre and every trial in unit coordinates (categorical: the index).
  auto unit = [&](const FrozenTrial& t, int j) {
    const double v = t.params.at(specs[j]->name);
    return specs[j]->IsCategorical() ? v : ToUnit(*specs[j], v);
  };
  GpRegion region;
  region.center.resize(d);
  for (int j = 0; j < d; ++j) region.center[j] = unit(*incumbent, j);
  region.length = region_.length();
  // Distances to the centre: Euclidean over continuous dimensions plus one per differing
  // category (for the nearest), and the largest continuous coordinate difference (for the box).
  const int n = static_cast<int>(trials.size());
  std::vector<double> dist(n), box_dist(n);
  for (int i = 0; i < n; ++i) {
    double sq = 0.0, mx = 0.0;
    for (int j = 0; j < d; ++j) {
      const double diff = unit(*trials[i], j) - region.center[j];
      if (specs[j]->IsCategorical()) {
        sq += diff != 0.0;
        if (diff != 0.0) mx = 2.0;  // outside any box
      } else {
        sq += diff * diff;
        mx = std::max(mx, std::abs(diff));
      }
    }
    dist[i] = std::sqrt(sq);
    box_dist[i] = mx;
  }
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return dist[a] < dist[b]; });
  std::vector<const FrozenTrial*> fit;
  for (int i : order) {
    const int k = static_cast<int>(fit.size());
    if (k >= options_.max_fit_trials) break;
    if (k < options_.min_fit_trials || box_dist[i] <= region.length) fit.push_back(trials[i]);
  }
  return gp_.SampleInRegion(space, fit, direction, region, rng);
}

}  // namespace optiscope
