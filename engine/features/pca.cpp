#include "engine/features/pca.h"

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>

#include "engine/core/rng.h"
#include "engine/features/parallel_rows.h"
#include "engine/features/randomized_workspace.h"

namespace optiscope {

Result<PcaSolver> ParsePcaSolver(const std::string& name) {
  if (name == "auto") return PcaSolver::kAuto;
  if (name == "full") return PcaSolver::kFull;
  if (name == "randomized") return PcaSolver::kRandomized;
  return Status::InvalidArgument("unknown PCA solver \"" + name +
                                 "\" (expected auto, full or randomized)");
}

Status Pca::Fit(const Mat& X) {
  const long long n = X.rows();
  const int d = static_cast<int>(X.cols());
  if (n < 2 || d < 1) {
    return Status::InvalidArgument("PCA needs at least 2 rows and 1 column, got " +
                                   std::to_string(n) + " x " + std::to_string(d));
  }
  if (!X.allFinite()) {
    return Status::InvalidArgument("PCA input has missing or non-finite values (impute first)");
  }
  const int max_k = static_cast<int>(std::min<long long>(n, d));
  const int k = options_.n_components <= 0 ? max_k : options_.n_components;
  if (k > max_k) {
    return Status::InvalidArgument("n_components must be <= min(rows, columns) = " +
                                   std::to_string(max_k) + ", got " + std::to_string(k));
  }
  mean_ = ColumnMeans(X, options_.threads);
  PcaSolver solver = options_.solver;
  if (solver == PcaSolver::kAuto) {
    solver = std::max<long long>(n, d) > 500 && k < 0.8 * max_k ? PcaSolver::kRandomized
                                                                : PcaSolver::kFull;
  }
  if (solver == PcaSolver::kRandomized) {
    FitRandomized(X, k);
  } else if (n >= d) {
    FitCovariance(X, k);
  } else {
    FitSvd(X, k);
  }
  explained_variance_ = singular_values_.array().square() / static_cast<double>(n - 1);
  explained_variance_ratio_ = explained_variance_ / (total_variance_ > 0 ? total_variance_ : 1.0);
  FixSigns(X);
  return Status::Ok();
}

// C = X_c^T X_c = V S^2 V^T: one pass over the data, then a d x d eigendecomposition.
void Pca::FitCovariance(const Mat& X, int k) {
  const MatCD gram = CenteredGram(X, mean_, options_.threads);
  Eigen::SelfAdjointEigenSolver<MatCD> eig(gram);
  const int d = static_cast<int>(gram.rows());
  components_.resize(k, d);
  singular_values_.resize(k);
  for (int j = 0; j < k; ++j) {  // eigenvalues ascend
    const int src = d - 1 - j;
    components_.row(j) = eig.eigenvectors().col(src).transpose();
    singular_values_[j] = std::sqrt(std::max(0.0, eig.eigenvalues()[src]));
  }
  total_variance_ = gram.trace() / static_cast<double>(X.rows() - 1);
  solver_used_ = "covariance";
}

void Pca::FitSvd(const Mat& X, int k) {
  MatCD centred = X.cast<double>();
  centred.rowwise() -= mean_.transpose();
  Eigen::BDCSVD<MatCD> svd(centred, Eigen::ComputeThinV);
  components_ = svd.matrixV().leftCols(k).transpose();
  singular_values_ = svd.singularValues().head(k);
  total_variance_ = svd.singularValues().squaredNorm() / static_cast<double>(X.rows() - 1);
  solver_used_ = "svd";
}

void Pca::FitRandomized(const Mat& X, int k) {
  const long long n = X.rows();
  const int d = static_cast<int>(X.cols());
  const int max_k = static_cast<int>(std::min<long long>(n, d));
  const int l = std::min(max_k, k + std::max(0, options_.oversamples));
  const int iterations = options_.power_iterations >= 0 ? options_.power_iterations
                         : k < 0.1 * max_k              ? 7
                                                        : 4;
  const int threads = ResolveThreads(options_.threads, n);
  Rng rng(options_.seed);
  Eigen::MatrixXf omega(d, l);
  for (int j = 0; j < l; ++j)
    for (int i = 0; i < d; ++i) omega(i, j) = static_cast<float>(rng.Normal());
  // Buffers allocated once: fresh large allocations cost page faults on every iteration.
  Eigen::MatrixXf Y(n, l), Z(d, l);
  RandomizedWorkspace ws(X, mean_, threads);
  ws.Times(omega, &Y);
  for (int it = 0; it < iterations; ++it) {
    ws.Orthonormalize(&Y);
    ws.TransposeTimes(Y, &Z);
    ws.Orthonormalize(&Z);
    ws.Times(Z, &Y);
  }
  ws.Orthonormalize(&Y);
  ws.TransposeTimes(Y, &Z);
  const MatCD B = Z.transpose().cast<double>();  // l x d = Q^T X_c
  Eigen::JacobiSVD<MatCD> svd(B, Eigen::ComputeThinV);
  components_ = svd.matrixV().leftCols(k).transpose();
  singular_values_ = svd.singularValues().head(k);
  // Total variance: the trace of the covariance, sum of column variances (ddof 1).
  const double total = CenteredSquaredSums(X, mean_, threads).sum();
  total_variance_ = total / static_cast<double>(n - 1);
  solver_used_ = "randomized";
}

void Pca::FixSigns(const Mat& X) {
  const MatCD scores = CenteredTimes(X, mean_, components_.transpose(), options_.threads);
  const VecD signs = FlipSignsByScores(scores);
  for (int j = 0; j < components_.rows(); ++j) components_.row(j) *= signs[j];
}

Mat Pca::Transform(const Mat& X) const {
  MatCD scores = CenteredTimes(X, mean_, components_.transpose(), options_.threads);
  if (options_.whiten) {
    for (int j = 0; j < scores.cols(); ++j) {
      const double sd = std::sqrt(explained_variance_[j]);
      if (sd > 0) scores.col(j) /= sd;
    }
  }
  return scores.cast<Scalar>();
}

Mat Pca::InverseTransform(const Mat& scores) const {
  MatCD s = scores.cast<double>();
  if (options_.whiten) {
    for (int j = 0; j < s.cols(); ++j) s.col(j) *= std::sqrt(explained_variance_[j]);
  }
  MatCD out = s * components_;
  out.rowwise() += mean_.transpose();
  return out.cast<Scalar>();
}

}  // namespace optiscope
