// GpSampler: Bayesian optimisation with a Gaussian process and log expected improvement.
#pragma once

#include <optional>

#include "engine/search/gaussian_process.h"
#include "engine/search/sampler.h"

namespace optiscope {

struct GpOptions {
  int n_startup_trials = 10;  // random sampling until this many complete trials
  int n_restarts = 2;         // random restarts of the hyperparameter fit (besides warm/default)
  int n_candidates = 2048;    // scrambled Sobol candidates scored by log EI
  int n_incumbent_candidates = 256;  // and candidates around the best trials (0 = none)
  int n_local_search = 10;    // best candidates refined by a local random search
  int max_history = 200;      // the most recent complete trials the GP is fitted on
};

// GP-BO in the manner of Optuna's GPSampler: inputs are the unconditional parameters scaled to
// [0, 1] (log space for log parameters, +-step/2 for discrete ones; categoricals by Hamming
// distance), outputs standardised, a Matérn-5/2 ARD GP fitted by MAP (GaussianProcess; Rasmussen
// & Williams 2006) warm-started from the previous call's hyperparameters, and the next point the
// maximiser of log EI (Ament et al. 2023) over Sobol candidates and candidates around the best
// trials, the best of them refined by local search.
// Conditional parameters are drawn uniformly. Uses complete trials only.
class GpSampler : public Sampler {
 public:
  explicit GpSampler(const GpOptions& options = {}) : options_(options) {}
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  std::string Name() const override { return "gp"; }
  // The kernel hyperparameters of the last fit (none before the first one).
  const std::optional<GpKernelParams>& last_fit() const { return warm_; }

 private:
  GpOptions options_;
  std::optional<GpKernelParams> warm_;
};

}  // namespace optiscope
