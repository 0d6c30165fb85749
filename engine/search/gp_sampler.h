// GpSampler: Bayesian optimisation with a Gaussian process and log expected improvement.
#pragma once

#include <optional>
#include <span>
#include <vector>

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
// SampleInRegion is the same search restricted to a trust region (TrustRegionSampler).

// A trust region in the unit cube of the unconditional parameters (GP input order).
struct GpRegion {
  Eigen::VectorXd center;  // the box's centre (categorical dimensions: the kept index)
  double length = 1.0;     // its side before the per-dimension lengthscale stretch
};

class GpSampler : public Sampler {
 public:
  explicit GpSampler(const GpOptions& options = {}) : options_(options) {}
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  std::string Name() const override { return "gp"; }
  // A proposal from a GP fitted on `trials` only (complete, finite, in `space`; any order),
  // candidates and local search confined to TuRBO's box around `region` (Eriksson, Pearce,
  // Gardner, Turner & Poloczek 2019, "Scalable Global Optimization via Local Bayesian
  // Optimization", NeurIPS): side region.length stretched per dimension by the fitted lengthscale
  // over the lengthscales' geometric mean, clipped to [0, 1]; categorical parameters keep the
  // centre's index, conditional ones are drawn uniformly. No startup phase (random only when
  // `trials` is empty). max_history does not apply: the caller chooses the trials.
  ParamSet SampleInRegion(const SearchSpace& space, std::span<const FrozenTrial* const> trials,
                          Direction direction, const GpRegion& region, Rng& rng);
  // The kernel hyperparameters of the last fit (none before the first one).
  const std::optional<GpKernelParams>& last_fit() const { return warm_; }
  // The box the last proposal searched, per input dimension ([0, 1] for Sample; categorical
  // dimensions [0, k-1] for Sample, the kept index for SampleInRegion). Empty before any fit.
  const Eigen::VectorXd& last_box_lo() const { return last_box_lo_; }
  const Eigen::VectorXd& last_box_hi() const { return last_box_hi_; }

 private:
  // Fits the GP on `trials` (sorted by number) and maximises log EI in the whole cube (region
  // null) or the region's box.
  ParamSet Propose(const SearchSpace& space, const std::vector<const FrozenTrial*>& trials,
                   Direction direction, const GpRegion* region, Rng& rng);

  GpOptions options_;
  std::optional<GpKernelParams> warm_;
  Eigen::VectorXd last_box_lo_, last_box_hi_;
};

}  // namespace optiscope
