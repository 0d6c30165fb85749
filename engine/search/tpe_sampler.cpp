#include "engine/search/tpe_sampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/search/multi_objective.h"
#include "engine/search/param_transform.h"

namespace optiscope {
namespace {

struct Observation {
  const FrozenTrial* trial;
  double step_key;  // -inf for complete, -last step for pruned, 1 for pruned without reports
  double loss;
};

// Splits observations into below (best gamma) and above, each kept in trial order.
void Split(const std::vector<Observation>& obs, int n_below, std::vector<int>* below,
           std::vector<int>* above) {
  std::vector<int> order(obs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (obs[a].step_key != obs[b].step_key) return obs[a].step_key < obs[b].step_key;
    return obs[a].loss < obs[b].loss;
  });
  below->assign(order.begin(), order.begin() + std::min<size_t>(n_below, order.size()));
  above->assign(order.begin() + below->size(), order.end());
  std::sort(below->begin(), below->end());
  std::sort(above->begin(), above->end());
}

// Internal values of `specs` for the trials in `group` having all of them; `kept` (when not
// null) receives the positions in `group` of the rows returned.
std::vector<std::vector<double>> Gather(const std::vector<const FrozenTrial*>& group,
                                        const std::vector<const ParamSpec*>& specs,
                                        std::vector<int>* kept = nullptr) {
  std::vector<std::vector<double>> rows;
  for (size_t g = 0; g < group.size(); ++g) {
    std::vector<double> row;
    for (const ParamSpec* s : specs) {
      auto it = group[g]->params.find(s->name);
      if (it == group[g]->params.end()) break;
      row.push_back(ToInternal(*s, it->second));
    }
    if (row.size() == specs.size()) {
      rows.push_back(std::move(row));
      if (kept != nullptr) kept->push_back(static_cast<int>(g));
    }
  }
  return rows;
}

int Gamma(const TpeOptions& o, int n) {
  return std::min(static_cast<int>(std::ceil(o.gamma_fraction * n)), o.gamma_max);
}

}  // namespace

ParamSet TpeSampler::SampleSplit(const SearchSpace& space,
                                 const std::vector<const FrozenTrial*>& below,
                                 const std::vector<const FrozenTrial*>& above,
                                 const std::vector<double>* below_weights, Rng& rng) const {
  ParzenOptions po;
  po.consider_prior = options_.consider_prior;
  po.prior_weight = options_.prior_weight;
  po.consider_magic_clip = options_.consider_magic_clip;
  po.consider_endpoints = options_.consider_endpoints;
  po.normalized_density = options_.normalized_density;

  const int candidates = std::max(1, options_.n_ei_candidates);
  // Draws from l over `specs`, returns the best candidate by log l - log g.
  auto choose = [&](const std::vector<const ParamSpec*>& specs, bool multivariate) {
    ParzenOptions o = po;
    o.multivariate = multivariate;
    std::vector<int> kept;
    const auto below_rows = Gather(below, specs, &kept);
    std::vector<double> weights;
    if (below_weights != nullptr) {
      for (int k : kept) weights.push_back((*below_weights)[k]);
    }
    ParzenEstimator l(specs, below_rows, o, below_weights != nullptr ? &weights : nullptr);
    ParzenEstimator g(specs, Gather(above, specs), o);
    const auto samples = l.Sample(candidates, rng);
    const auto ll = l.LogPdf(samples);
    const auto lg = g.LogPdf(samples);
    int best = 0;
    double best_score = -std::numeric_limits<double>::infinity();
    for (int s = 0; s < candidates; ++s) {
      const double score = ll[s] - lg[s];
      if (score > best_score) {
        best_score = score;
        best = s;
      }
    }
    return samples[best];
  };

  ParamSet out;
  std::vector<bool> done(space.size(), false);
  if (options_.multivariate) {
    std::vector<const ParamSpec*> joint;
    std::vector<int> idx;
    for (int i = 0; i < space.size(); ++i) {
      if (space.params()[i].parent_index < 0) {
        joint.push_back(&space.params()[i]);
        idx.push_back(i);
      }
    }
    if (!joint.empty()) {
      const std::vector<double> x = choose(joint, true);
      for (size_t j = 0; j < joint.size(); ++j) {
        out[joint[j]->name] = FromInternal(*joint[j], x[j]);
        done[idx[j]] = true;
      }
    }
  }
  for (int i = 0; i < space.size(); ++i) {
    if (done[i] || !space.IsActive(i, out)) continue;
    const ParamSpec& p = space.params()[i];
    const std::vector<double> x = choose({&p}, false);
    out[p.name] = FromInternal(p, x[0]);
  }
  return out;
}

ParamSet TpeSampler::Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                            Direction direction, Rng& rng) {
  std::vector<Observation> obs;
  for (const FrozenTrial* t : TrialsInSpace(space, history)) {
    if (t->state == TrialState::kComplete) {
      if (t->values.empty()) continue;
      obs.push_back({t, -std::numeric_limits<double>::infinity(), AsLoss(t->values[0], direction)});
    } else if (t->state == TrialState::kPruned) {
      if (t->intermediate.empty()) {
        obs.push_back({t, 1.0, 0.0});
      } else {
        const auto& [step, value] = *t->intermediate.rbegin();
        obs.push_back({t, -static_cast<double>(step),
                       std::isnan(value) ? std::numeric_limits<double>::infinity()
                                         : AsLoss(value, direction)});
      }
    }
  }
  std::stable_sort(obs.begin(), obs.end(), [](const Observation& a, const Observation& b) {
    return a.trial->number < b.trial->number;
  });
  const int n = static_cast<int>(obs.size());
  if (n < options_.n_startup_trials || n == 0) return RandomParams(space, rng);

  std::vector<int> below_idx, above_idx;
  Split(obs, Gamma(options_, n), &below_idx, &above_idx);
  std::vector<const FrozenTrial*> below, above;
  for (int i : below_idx) below.push_back(obs[i].trial);
  for (int i : above_idx) above.push_back(obs[i].trial);
  return SampleSplit(space, below, above, nullptr, rng);
}

ParamSet TpeSampler::SampleMulti(const SearchSpace& space, std::span<const FrozenTrial> history,
                                 std::span<const Direction> directions, Rng& rng) {
  if (directions.size() <= 1) return Sample(space, history, directions.front(), rng);
  // Multi-objective TPE ignores pruned and running trials (as Optuna).
  std::vector<const FrozenTrial*> trials;
  std::vector<std::vector<double>> losses;
  for (const FrozenTrial* t : TrialsInSpace(space, history)) {
    if (t->state != TrialState::kComplete || t->values.size() != directions.size()) continue;
    trials.push_back(t);
  }
  std::stable_sort(trials.begin(), trials.end(),
                   [](const FrozenTrial* a, const FrozenTrial* b) { return a->number < b->number; });
  for (const FrozenTrial* t : trials) losses.push_back(mo::Losses(t->values, directions));
  const int n = static_cast<int>(trials.size());
  if (n < options_.n_startup_trials || n == 0) return RandomParams(space, rng);

  const int n_below = Gamma(options_, n);
  const std::vector<int> ranks = mo::NonDominationRanks(losses);
  std::vector<int> below_idx;
  int rank = 0;
  for (;; ++rank) {
    std::vector<int> members;
    for (int i = 0; i < n; ++i) {
      if (ranks[i] == rank) members.push_back(i);
    }
    if (members.empty()) break;
    if (below_idx.size() + members.size() <= static_cast<size_t>(n_below)) {
      below_idx.insert(below_idx.end(), members.begin(), members.end());
      continue;
    }
    const int subset = n_below - static_cast<int>(below_idx.size());
    if (subset > 0) {
      std::vector<std::vector<double>> rank_losses;
      for (int i : members) rank_losses.push_back(losses[i]);
      for (int k : mo::GreedyHssp(rank_losses, subset, mo::ReferencePoint(rank_losses))) {
        below_idx.push_back(members[k]);
      }
    }
    break;
  }
  std::sort(below_idx.begin(), below_idx.end());
  std::vector<bool> is_below(n, false);
  for (int i : below_idx) is_below[i] = true;
  std::vector<const FrozenTrial*> below, above;
  std::vector<std::vector<double>> below_losses;
  for (int i = 0; i < n; ++i) {
    if (is_below[i]) {
      below.push_back(trials[i]);
      below_losses.push_back(losses[i]);
    } else {
      above.push_back(trials[i]);
    }
  }
  // Below weights: each point's hypervolume contribution, as Optuna 3.1, or uniform.
  std::vector<double> weights(below.size(), 1.0);
  if (options_.mo_hv_weights && below.size() > 1) {
    const std::vector<double> ref = mo::ReferencePoint(below_losses);
    const double hv = mo::Hypervolume(below_losses, ref);
    double max_c = 0.0;
    for (size_t i = 0; i < below.size(); ++i) {
      std::vector<std::vector<double>> rest = below_losses;
      rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(i));
      weights[i] = hv - mo::Hypervolume(rest, ref) + 1e-12;
      max_c = std::max(max_c, weights[i]);
    }
    for (double& w : weights) w = std::clamp(w / max_c, 0.0, 1.0);
  }
  return SampleSplit(space, below, above, &weights, rng);
}

}  // namespace optiscope
