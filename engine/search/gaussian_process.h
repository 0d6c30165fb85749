// GaussianProcess: a zero-mean GP regressor with a Matérn-5/2 ARD kernel whose hyperparameters
// are fitted by maximum a posteriori (marginal likelihood + weak priors) with L-BFGS.
#pragma once

#include <vector>

#include <Eigen/Core>
#include <Eigen/Cholesky>

#include "engine/core/rng.h"

namespace optiscope {

struct GpKernelParams {
  Eigen::VectorXd inv_sq_lengthscales;  // 1/l_i^2 per input dimension
  double scale = 1.0;                   // kernel amplitude s
  double noise = 1e-2;                  // observation noise variance (>= kMinNoise)
};

// Gaussian-process regression (Rasmussen & Williams 2006, "Gaussian Processes for Machine
// Learning", MIT Press, ch. 2 and 5): k(x, x') = s exp(-sqrt5 r)(1 + sqrt5 r + 5/3 r^2) with
// r^2 = sum_i d_i^2 / l_i^2, d_i = x_i - x'_i for continuous inputs and [x_i != x'_i] (Hamming)
// for categorical ones. Hyperparameters maximise log p(y | X, theta) + log prior(theta) with
// Optuna's GPSampler priors: -(0.1/lambda + 0.1 lambda) per lambda = 1/l^2, Gamma(2, 1) on s,
// Gamma(1.1, 30) on the noise; optimised in log space by L-BFGS from a warm start plus
// `restarts` random starts. Value type; not thread-safe.
class GaussianProcess {
 public:
  static constexpr double kMinNoise = 1e-6;

  // X: n x d inputs (continuous in [0, 1], categorical as indices), y: n standardised targets.
  // `categorical[i]` marks Hamming dimensions. `warm` (if dimensions match) is the first start.
  // REQUIRES n >= 1.
  void Fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const std::vector<bool>& categorical,
           const GpKernelParams* warm, int restarts, Rng& rng);
  // Posterior mean and variance of f (noise-free) at each row of `Xs`.
  void Predict(const Eigen::MatrixXd& Xs, Eigen::VectorXd* mean, Eigen::VectorXd* var) const;

  const GpKernelParams& params() const { return params_; }
  // The fitted objective: log marginal likelihood + log prior.
  double log_posterior() const { return log_posterior_; }

  // -(log marginal likelihood + log prior) at packed theta = [log lambda, log s, log(noise -
  // kMinNoise)] and its gradient (for tests / the optimiser).
  double NegLogPosterior(const Eigen::VectorXd& theta, Eigen::VectorXd* grad) const;

 private:
  void Factorize();

  Eigen::MatrixXd X_;
  Eigen::VectorXd y_;
  std::vector<bool> categorical_;
  std::vector<Eigen::MatrixXd> sq_diff_;  // per dimension: n x n squared (or Hamming) distance
  GpKernelParams params_;
  Eigen::LLT<Eigen::MatrixXd> llt_;
  Eigen::VectorXd alpha_;
  double log_posterior_ = 0.0;
};

// log EI for maximisation: log(sigma * h((mu - best)/sigma)), h(z) = z Phi(z) + phi(z), with
// the asymptotic series for z < -25 (Ament et al. 2023, "Unexpected Improvements to Expected
// Improvement for Bayesian Optimization", NeurIPS).
double LogExpectedImprovement(double mean, double var, double best);

}  // namespace optiscope
