// CmaEsSampler: the covariance matrix adaptation evolution strategy over the continuous
// parameters of the space.
#pragma once

#include "engine/search/sampler.h"

namespace optiscope {

struct CmaEsOptions {
  int n_startup_trials = 0;  // random trials before CMA-ES takes over
  double sigma0 = 1.0 / 6.0;  // initial step size in the unit cube (Optuna: range / 6)
  int population_size = 0;    // lambda; 0 = 4 + floor(3 ln d)
};

// CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial", arXiv:1604.00772; the
// algorithm summary with positive recombination weights) on the unconditional float and int
// parameters mapped to [0, 1] (log space for log parameters; ints rounded after sampling).
// Stateless: each call replays the history's complete trials of the space in trial order, in
// generations of lambda, as (injected) solutions from the initial mean 0.5 and sigma0 (steps
// clipped to a Mahalanobis length sqrt(d) + 2d/(d+2) as for injected solutions), then samples
// the next point (clipped to the cube). Categorical and conditional parameters are drawn
// uniformly at random.
class CmaEsSampler : public Sampler {
 public:
  explicit CmaEsSampler(const CmaEsOptions& options = {}) : options_(options) {}
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  std::string Name() const override { return "cmaes"; }

 private:
  CmaEsOptions options_;
};

}  // namespace optiscope
