#include "engine/search/auto_sampler.h"

#include <cmath>
#include <vector>

#include "engine/search/param_transform.h"

namespace optiscope {
namespace {

TpeOptions Multivariate(bool on) {
  TpeOptions o;
  o.multivariate = on;
  return o;
}

// The complete + pruned trials of `history` in `space`, counted up to `cap` (the plan only asks
// whether there are `cap`): validating a trial costs a map look-up per parameter.
int CountObserved(const SearchSpace& space, std::span<const FrozenTrial> history, int cap) {
  int n = 0;
  for (const FrozenTrial& t : history) {
    if (n >= cap) break;
    n += (t.state == TrialState::kComplete || t.state == TrialState::kPruned) &&
         space.Contains(t.params);
  }
  return n;
}

}  // namespace

std::string_view AutoPlanName(AutoPlan plan) {
  switch (plan) {
    case AutoPlan::kGp:
      return "gp";
    case AutoPlan::kTpe:
      return "tpe";
    case AutoPlan::kMotpe:
      return "motpe";
    case AutoPlan::kTrustRegion:
      return "trust_region";
  }
  return "?";
}

AutoSampler::AutoSampler(const AutoOptions& options)
    : options_(options),
      tpe_(Multivariate(options.tpe_multivariate)),
      local_(options.trust_region, options.local_gp) {}

AutoPlan AutoSampler::Plan(const SearchSpace& space, int n_trials, int n_objectives) const {
  if (n_objectives > 1) return AutoPlan::kMotpe;
  if (n_trials >= options_.gp_max_trials || space.empty() || space.HasConditions() ||
      space.size() > options_.gp_max_dims) {
    return AutoPlan::kTpe;
  }
  return AutoPlan::kGp;
}

ParamSet AutoSampler::Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                             Direction direction, Rng& rng) {
  const int observed = CountObserved(space, history, options_.gp_max_trials);
  last_plan_ = Plan(space, observed, 1);
  if (left_gp_) {
    // Proposal i since leaving is local when floor((i + 1) * share) > floor(i * share): the
    // share spread evenly, the first one TPE's.
    const int i = since_left_gp_++;
    const double share = options_.local_share;
    last_plan_ = std::floor((i + 1) * share) > std::floor(i * share) ? AutoPlan::kTrustRegion
                                                                      : AutoPlan::kTpe;
  }
  switch (last_plan_) {
    case AutoPlan::kGp: {
      ParamSet params = gp_.Sample(space, history, direction, rng);
      const std::optional<GpKernelParams>& fit = gp_.last_fit();
      if (options_.rugged_noise > 0 && fit && observed >= options_.rugged_min_trials &&
          fit->noise > options_.rugged_noise) {
        left_gp_ = true;  // this proposal stands; the next ones are TPE's
      }
      return params;
    }
    case AutoPlan::kTrustRegion: {
      ParamSet params = local_.Sample(space, history, direction, rng);
      local_params_.insert(params);
      return params;
    }
    case AutoPlan::kTpe:
    case AutoPlan::kMotpe:
      break;
  }
  if (!options_.tpe_sees_local && !local_params_.empty()) {
    std::vector<FrozenTrial> global;
    for (const FrozenTrial& t : history) {
      if (!local_params_.contains(t.params)) global.push_back(t);
    }
    return tpe_.Sample(space, global, direction, rng);
  }
  return tpe_.Sample(space, history, direction, rng);
}

ParamSet AutoSampler::SampleMulti(const SearchSpace& space, std::span<const FrozenTrial> history,
                                  std::span<const Direction> directions, Rng& rng) {
  if (directions.size() <= 1) return Sample(space, history, directions.front(), rng);
  last_plan_ = AutoPlan::kMotpe;
  return tpe_.SampleMulti(space, history, directions, rng);
}

}  // namespace optiscope
