// TpeSampler: the Tree-structured Parzen Estimator, as Optuna 3.x's TPESampler.
#pragma once

#include "engine/search/parzen_estimator.h"
#include "engine/search/sampler.h"

namespace optiscope {

// Defaults are Optuna 3.1's TPESampler defaults.
struct TpeOptions {
  int n_startup_trials = 10;  // random sampling until this many complete+pruned trials
  int n_ei_candidates = 24;
  bool consider_prior = true;
  double prior_weight = 1.0;
  bool consider_magic_clip = true;
  bool consider_endpoints = false;
  bool multivariate = false;  // joint density over the unconditional parameters
  double gamma_fraction = 0.1;  // gamma(n) = min(ceil(gamma_fraction * n), gamma_max)
  int gamma_max = 25;
  bool normalized_density = false;  // see ParzenOptions::normalized_density
  // Multi-objective only: how the "below" kernels are weighted. true (Optuna 3.1): by their
  // hypervolume contribution (clipped to (0, 1]); false: uniform.
  bool mo_hv_weights = true;
};

// TPE (Bergstra, Bardenet, Bengio & Kegl 2011, "Algorithms for Hyper-Parameter Optimization",
// NeurIPS; Optuna's variant as described by Watanabe 2023, arXiv:2304.11127). Observations are
// the complete and pruned trials in the space (running and failed ignored), ranked by
// (-last step, loss) with complete trials first (a pruned trial with no report ranks last; a
// NaN report ranks as +inf); the first gamma(n) are "below" (l), the rest "above" (g), both in
// trial order. Per parameter (univariate) or jointly over the unconditional parameters
// (multivariate), n_ei_candidates are drawn from l and the argmax of log l - log g is returned.
// Conditional parameters are sampled univariately in space order, from the trials where they
// were active. Before n_startup_trials observations: uniform random.
// Several objectives (MOTPE, Ozaki et al. 2020/2022, "Multiobjective Tree-Structured Parzen
// Estimator", JAIR; Optuna 3.1's _split_observation_pairs): only complete trials count; "below"
// takes whole non-domination ranks while they fit in gamma(n), then fills the rest of gamma(n)
// from the next rank by greedy hypervolume subset selection (reference max(1.1 w, 0.9 w) of
// that rank's worst point); below's kernels are weighted by hypervolume contribution
// (mo_hv_weights), above's by TpeDefaultWeights.
class TpeSampler : public Sampler {
 public:
  explicit TpeSampler(const TpeOptions& options = {}) : options_(options) {}
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  ParamSet SampleMulti(const SearchSpace& space, std::span<const FrozenTrial> history,
                       std::span<const Direction> directions, Rng& rng) override;
  bool ModelsAllObjectives() const override { return true; }
  std::string Name() const override { return "tpe"; }

 private:
  // Fits l to `below` (weighted by `below_weights` when not null) and g to `above` (trial
  // pointers, in trial order) and samples every active parameter of `space`.
  ParamSet SampleSplit(const SearchSpace& space, const std::vector<const FrozenTrial*>& below,
                       const std::vector<const FrozenTrial*>& above,
                       const std::vector<double>* below_weights, Rng& rng) const;
  TpeOptions options_;
};

}  // namespace optiscope
