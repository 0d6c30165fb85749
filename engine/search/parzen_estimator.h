// ParzenEstimator: the weighted mixture density TPE fits to a group of observations (one
// truncated Gaussian or categorical kernel per observation, plus a prior kernel).
#pragma once

#include <vector>

#include "engine/core/rng.h"
#include "engine/search/search_space.h"

namespace optiscope {

struct ParzenOptions {
  bool consider_prior = true;
  double prior_weight = 1.0;
  bool consider_magic_clip = true;
  bool consider_endpoints = false;
  bool multivariate = false;
  // false (default): Optuna 3.1-3.4's continuous kernel log-density, which omits the -log(sigma)
  // normalisation of each truncated Gaussian (the reference installed here; it searched better
  // on our benchmarks). true: the normalised density of Optuna >= 3.5 (optuna/optuna#5110).
  bool normalized_density = false;
};

// Optuna's _ParzenEstimator (Optuna 3.1; see Watanabe 2023, "Tree-structured Parzen Estimator:
// Understanding Its Algorithm Components and Their Roles for Better Empirical Performance",
// arXiv:2304.11127). Over d parameters; observation i is row i of `observations` (internal
// values: log for log parameters, category index for categoricals). Kernel weights are
// Optuna's default_weights(n) (1 if n < 25, else a ramp from 1/n for the oldest then 25 ones;
// rows are oldest first) plus prior_weight, normalised. Numerical kernel i: truncated normal
// on the Parzen bounds (discrete ones widened by +-q/2 and scored by the mass of [x-q/2, x+q/2]);
// sigma from the neighbour gaps (univariate) or 0.2 n^(-1/(d+4)) (high-low) (multivariate),
// clipped to [(high-low)/min(100, 1+n_kernels), high-low] (magic clip); the prior kernel is
// N(mid, high-low); see ParzenOptions::normalized_density. Categorical kernel i: prior_weight/n_kernels on every choice, +1 on its
// own, row-normalised.
class ParzenEstimator {
 public:
  // `specs`: the d parameters; `observations`: n rows of d internal values. `weights`, when
  // given (n non-negative values, not all 0), replaces TpeDefaultWeights(n) for the
  // observations (multi-objective TPE weights its "below" group by hypervolume contribution).
  ParzenEstimator(std::vector<const ParamSpec*> specs,
                  const std::vector<std::vector<double>>& observations,
                  const ParzenOptions& options, const std::vector<double>* weights = nullptr);

  // `count` draws (rows of d internal values, discrete ones rounded to their grid).
  std::vector<std::vector<double>> Sample(int count, Rng& rng) const;
  // log density of each row of `samples` (internal values).
  std::vector<double> LogPdf(const std::vector<std::vector<double>>& samples) const;

  int NumKernels() const { return static_cast<int>(weights_.size()); }
  const std::vector<double>& weights() const { return weights_; }
  // Kernel means / sigmas of parameter j (numerical parameters only).
  const std::vector<double>& mus(int j) const { return params_[j].mus; }
  const std::vector<double>& sigmas(int j) const { return params_[j].sigmas; }

 private:
  struct Param {
    const ParamSpec* spec = nullptr;
    bool categorical = false;
    double low = 0, high = 1, q = 0;
    std::vector<double> mus, sigmas;
    std::vector<std::vector<double>> cat_weights;  // kernels x choices
  };
  std::vector<Param> params_;
  std::vector<double> weights_;
  bool normalized_density_ = false;
};

// Optuna's default_weights(n).
std::vector<double> TpeDefaultWeights(int n);

}  // namespace optiscope
