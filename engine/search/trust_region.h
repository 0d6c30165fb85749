// TrustRegionSampler: local GP-BO in a trust region around the best trial (TuRBO-1).
#pragma once

#include "engine/search/gp_sampler.h"
#include "engine/search/sampler.h"

namespace optiscope {

// TuRBO's defaults (Eriksson et al. 2019, sec. 3 and their reference code) except length_init.
struct TrustRegionOptions {
  double length_init = 0.8;          // the box's side in the unit cube at the start and restart
  double length_min = 0.0078125;     // 0.5^7: below it the region restarts at length_init
  double length_max = 1.6;
  int success_tolerance = 3;         // consecutive successes that double the side
  int failure_tolerance = 0;         // consecutive failures that halve it; 0: max(4, dims)
  double min_improvement = 1e-3;     // a success improves the best loss by > this * |best|
  // The local GP is fitted on the trials within the box of side 2 * length around the centre,
  // at least the min_fit_trials and at most the max_fit_trials nearest to it.
  int min_fit_trials = 10;
  int max_fit_trials = 100;
};

// TuRBO's side-length rule (Eriksson et al. 2019): success_tolerance successes in a row double
// the side (capped at length_max), failure_tolerance failures in a row halve it; a side below
// length_min restarts the region at length_init. Value type.
class TrustRegion {
 public:
  explicit TrustRegion(const TrustRegionOptions& options = {});
  // Records one local step of a `dims`-dimensional search: `success` when it improved the best.
  void Record(bool success, int dims);
  double length() const { return length_; }
  int restarts() const { return restarts_; }

 private:
  TrustRegionOptions options_;
  double length_;
  int successes_ = 0, failures_ = 0, restarts_ = 0;
};

// Local Bayesian optimisation after TuRBO-1 (Eriksson, Pearce, Gardner, Turner & Poloczek 2019,
// "Scalable Global Optimization via Local Bayesian Optimization", NeurIPS): each proposal
// centres the trust region on the best complete trial (lowest number on ties), fits a GP on the
// trials near it (TrustRegionOptions) and maximises log EI inside TuRBO's box
// (GpSampler::SampleInRegion). Between two proposals, the best loss of the history improving by
// more than min_improvement counts as a success, otherwise a failure (TrustRegion; trials other
// samplers proposed in between count too, so it can share a study with a global sampler).
// Unlike TuRBO, a restart keeps the centre (the best trial): a global sampler alongside explores.
// Random until `gp.n_startup_trials` complete trials. Deterministic for a given history sequence
// and Rng state sequence; not thread-safe (Sampler contract).
class TrustRegionSampler : public Sampler {
 public:
  explicit TrustRegionSampler(const TrustRegionOptions& options = {},
                              const GpOptions& gp = {});
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  std::string Name() const override { return "trust_region"; }

  const TrustRegion& region() const { return region_; }
  // The GP sampler doing the local search (its last box and fit).
  const GpSampler& gp() const { return gp_; }

 private:
  TrustRegionOptions options_;
  GpOptions gp_options_;
  GpSampler gp_;
  TrustRegion region_;
  bool has_last_best_ = false;
  double last_best_ = 0.0;  // the best loss at the previous proposal
};

}  // namespace optiscope
