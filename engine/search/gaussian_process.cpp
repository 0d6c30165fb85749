#include "engine/search/gaussian_process.h"

#include <cmath>
#include <limits>

#include "engine/search/lbfgs_minimizer.h"
#include "engine/search/search_math.h"

namespace optiscope {
namespace {

const double kSqrt5 = std::sqrt(5.0);

GpKernelParams Unpack(const Eigen::VectorXd& theta, int d) {
  GpKernelParams p;
  p.inv_sq_lengthscales = theta.head(d).array().exp();
  p.scale = std::exp(theta[d]);
  p.noise = std::exp(theta[d + 1]) + GaussianProcess::kMinNoise;
  return p;
}

Eigen::VectorXd Pack(const GpKernelParams& p) {
  const Eigen::Index d = p.inv_sq_lengthscales.size();
  Eigen::VectorXd theta(d + 2);
  theta.head(d) = p.inv_sq_lengthscales.array().log();
  theta[d] = std::log(p.scale);
  theta[d + 1] = std::log(std::max(p.noise - GaussianProcess::kMinNoise, 1e-12));
  return theta;
}

}  // namespace

double GaussianProcess::NegLogPosterior(const Eigen::VectorXd& theta, Eigen::VectorXd* grad) const {
  const int n = static_cast<int>(y_.size());
  const int d = static_cast<int>(X_.cols());
  if (!theta.allFinite() || theta.cwiseAbs().maxCoeff() > 30) {
    return std::numeric_limits<double>::infinity();
  }
  const GpKernelParams p = Unpack(theta, d);
  Eigen::MatrixXd r2 = Eigen::MatrixXd::Zero(n, n);
  for (int i = 0; i < d; ++i) r2 += p.inv_sq_lengthscales[i] * sq_diff_[i];
  const Eigen::ArrayXXd r = r2.array().sqrt();
  const Eigen::ArrayXXd e = (-kSqrt5 * r).exp();
  Eigen::MatrixXd k0 = (p.scale * e * (1.0 + kSqrt5 * r + (5.0 / 3.0) * r * r)).matrix();
  Eigen::MatrixXd K = k0;
  K.diagonal().array() += p.noise;
  Eigen::LLT<Eigen::MatrixXd> llt(K);
  if (llt.info() != Eigen::Success) return std::numeric_limits<double>::infinity();
  const Eigen::VectorXd alpha = llt.solve(y_);
  double log_det = 0;
  for (int i = 0; i < n; ++i) log_det += 2 * std::log(llt.matrixLLT()(i, i));
  const double lml = -0.5 * y_.dot(alpha) - 0.5 * log_det - 0.5 * n * std::log(2 * search_math::kPi);
  double prior = 0;
  for (int i = 0; i < d; ++i) {
    const double l = p.inv_sq_lengthscales[i];
    prior -= 0.1 / l + 0.1 * l;
  }
  prior += std::log(p.scale) - p.scale;
  prior += 0.1 * std::log(p.noise) - 30 * p.noise;
  if (grad != nullptr) {
    grad->resize(d + 2);
    const Eigen::MatrixXd W = alpha * alpha.transpose() -
                              llt.solve(Eigen::MatrixXd::Identity(n, n));
    // dk/d(r^2) = -5/6 s e (1 + sqrt5 r).
    const Eigen::MatrixXd dk_dr2 = (-(5.0 / 6.0) * p.scale * e * (1.0 + kSqrt5 * r)).matrix();
    const Eigen::MatrixXd wd = W.cwiseProduct(dk_dr2);
    for (int i = 0; i < d; ++i) {
      const double l = p.inv_sq_lengthscales[i];
      const double dlml = 0.5 * wd.cwiseProduct(sq_diff_[i]).sum() * l;
      (*grad)[i] = -(dlml + (0.1 / l - 0.1 * l));
    }
    (*grad)[d] = -(0.5 * W.cwiseProduct(k0).sum() + 1.0 - p.scale);
    const double dnoise = p.noise - kMinNoise;  // dv/dtheta
    (*grad)[d + 1] = -(0.5 * W.trace() * dnoise + (0.1 / p.noise - 30) * dnoise);
  }
  return -(lml + prior);
}

void GaussianProcess::Fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                          const std::vector<bool>& categorical, const GpKernelParams* warm,
                          int restarts, Rng& rng) {
  X_ = X;
  y_ = y;
  categorical_ = categorical;
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  sq_diff_.assign(d, Eigen::MatrixXd(n, n));
  for (int i = 0; i < d; ++i) {
    for (int a = 0; a < n; ++a) {
      for (int b = 0; b < n; ++b) {
        const double diff = categorical_[i] ? (X(a, i) != X(b, i) ? 1.0 : 0.0) : X(a, i) - X(b, i);
        sq_diff_[i](a, b) = diff * diff;
      }
    }
  }
  std::vector<Eigen::VectorXd> starts;
  if (warm != nullptr && warm->inv_sq_lengthscales.size() == d) starts.push_back(Pack(*warm));
  GpKernelParams init;
  init.inv_sq_lengthscales = Eigen::VectorXd::Ones(d);
  init.scale = 1.0;
  init.noise = 1e-2;
  starts.push_back(Pack(init));
  for (int k = 0; k < restarts; ++k) {
    GpKernelParams p;
    p.inv_sq_lengthscales.resize(d);
    for (int i = 0; i < d; ++i) p.inv_sq_lengthscales[i] = std::exp(rng.Uniform(-2.0, 3.0));
    p.scale = std::exp(rng.Uniform(-1.0, 1.0));
    p.noise = std::exp(rng.Uniform(-9.0, -3.0));
    starts.push_back(Pack(p));
  }
  auto objective = [this](const Eigen::VectorXd& theta, Eigen::VectorXd* g) {
    return NegLogPosterior(theta, g);
  };
  double best = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_theta = starts.front();
  for (Eigen::VectorXd theta : starts) {
    const double v = LbfgsMinimize(objective, &theta);
    if (v < best) {
      best = v;
      best_theta = theta;
    }
  }
  params_ = Unpack(best_theta, d);
  log_posterior_ = -best;
  Factorize();
}

void GaussianProcess::Factorize() {
  const int n = static_cast<int>(y_.size());
  Eigen::MatrixXd r2 = Eigen::MatrixXd::Zero(n, n);
  for (size_t i = 0; i < sq_diff_.size(); ++i) r2 += params_.inv_sq_lengthscales[i] * sq_diff_[i];
  const Eigen::ArrayXXd r = r2.array().sqrt();
  Eigen::MatrixXd K = (params_.scale * (-kSqrt5 * r).exp() * (1.0 + kSqrt5 * r + (5.0 / 3.0) * r * r)).matrix();
  K.diagonal().array() += params_.noise;
  llt_.compute(K);
  alpha_ = llt_.solve(y_);
}

void GaussianProcess::Predict(const Eigen::MatrixXd& Xs, Eigen::VectorXd* mean,
                              Eigen::VectorXd* var) const {
  const int n = static_cast<int>(y_.size());
  const Eigen::Index m = Xs.rows(), d = Xs.cols();
  Eigen::MatrixXd ks(n, m);
  for (Eigen::Index j = 0; j < m; ++j) {
    for (int a = 0; a < n; ++a) {
      double r2 = 0;
      for (Eigen::Index i = 0; i < d; ++i) {
        const double diff = categorical_[i] ? (Xs(j, i) != X_(a, i) ? 1.0 : 0.0) : Xs(j, i) - X_(a, i);
        r2 += diff * diff * params_.inv_sq_lengthscales[i];
      }
      const double r = std::sqrt(r2);
      ks(a, j) = params_.scale * std::exp(-kSqrt5 * r) * (1 + kSqrt5 * r + (5.0 / 3.0) * r2);
    }
  }
  *mean = ks.transpose() * alpha_;
  const Eigen::MatrixXd v = llt_.matrixL().solve(ks);
  *var = (params_.scale - v.colwise().squaredNorm().array()).max(1e-10).matrix().transpose();
}

double LogExpectedImprovement(double mean, double var, double best) {
  const double sigma = std::sqrt(std::max(var, 1e-20));
  const double z = (mean - best) / sigma;
  double log_h;
  if (z > -25.0) {
    log_h = std::log(z * search_math::NormalCdf(z) + search_math::NormalPdf(z));
  } else {
    // h(z) = phi(z) (1/z^2 - 3/z^4 + 15/z^6 - 105/z^8 + ...) for z -> -inf.
    const double z2 = z * z;
    const double series = 1.0 / z2 - 3.0 / (z2 * z2) + 15.0 / (z2 * z2 * z2) -
                          105.0 / (z2 * z2 * z2 * z2);
    log_h = -0.5 * z2 - 0.5 * std::log(2 * search_math::kPi) + std::log(series);
  }
  return std::log(sigma) + log_h;
}

}  // namespace optiscope
