#include "engine/search/tpe_sampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

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

// Internal values of `specs` for the observations in `group` having all of them.
std::vector<std::vector<double>> Gather(const std::vector<Observation>& obs,
                                        const std::vector<int>& group,
                                        const std::vector<const ParamSpec*>& specs) {
  std::vector<std::vector<double>> rows;
  for (int i : group) {
    std::vector<double> row;
    for (const ParamSpec* s : specs) {
      auto it = obs[i].trial->params.find(s->name);
      if (it == obs[i].trial->params.end()) break;
      row.push_back(ToInternal(*s, it->second));
    }
    if (row.size() == specs.size()) rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

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

  const int n_below = std::min(static_cast<int>(std::ceil(options_.gamma_fraction * n)),
                               options_.gamma_max);
  std::vector<int> below, above;
  Split(obs, n_below, &below, &above);

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
    ParzenEstimator l(specs, Gather(obs, below, specs), o);
    ParzenEstimator g(specs, Gather(obs, above, specs), o);
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

}  // namespace optiscope
