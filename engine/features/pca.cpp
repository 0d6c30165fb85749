#include "engine/features/pca.h"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>

#include "engine/core/rng.h"
#include "engine/features/parallel_rows.h"
#include "engine/features/randomized_workspace.h"

namespace optiscope {

Result<PcaSolver> ParsePcaSolver(const std::string& name) {
  return ParseEnum<PcaSolver>(name, "PCA solver");
}

Status Pca::Fit(const Mat& X) {
  if (X.rows() >= 1 && X.cols() >= 1) mean_ = ColumnMeans(X, options_.threads);
  return FitCentred(X, 2);
}

Status Pca::FitAbout(const Mat& X, const VecD& center) {
  if (center.size() != X.cols()) {
    return Status::InvalidArgument("PCA centre has " + std::to_string(center.size()) +
                                   " entries, the input has " + std::to_string(X.cols()) +
                                   " columns");
  }
  mean_ = center;
  return FitCentred(X, 1);
}

// The solvers, with mean_ already set to the centre.
Status Pca::FitCentred(const Mat& X, long long min_rows) {
  const long long n = X.rows();
  const int d = static_cast<int>(X.cols());
  if (n < min_rows || d < 1) {
    return Status::InvalidArgument("PCA needs at least " + std::to_string(min_rows) +
                                   " rows and 1 column, got " + std::to_string(n) + " x " +
                                   std::to_string(d));
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
  const double dof = static_cast<double>(std::max<long long>(n - 1, 1));
  explained_variance_ = singular_values_.array().square() / dof;
  total_variance_ /= dof;
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
  total_variance_ = gram.trace();  // a sum of squares until FitCentred divides it
  solver_used_ = "covariance";
}

// n < d. Very wide inputs (d > 4n, e.g. weight trajectories: a few hundred points of thousands
// of parameters) use the n x n Gram matrix X_c X_c^T = U S^2 U^T and V = X_c^T U S^-1 (one GEMM
// instead of a bidiagonalization of the whole matrix); otherwise, or when a kept singular value
// is negligible, the thin SVD of X_c.
void Pca::FitSvd(const Mat& X, int k) {
  MatCD centred = X.cast<double>();
  centred.rowwise() -= mean_.transpose();
  const Eigen::Index n = centred.rows();
  if (centred.cols() > 4 * n) {
    const MatCD gram = centred * centred.transpose();
    Eigen::SelfAdjointEigenSolver<MatCD> eig(gram);
    const VecD& values = eig.eigenvalues();  // ascending
    const double top = std::max(values[n - 1], 0.0);
    if (top > 0 && values[n - k] > 1e-10 * top) {
      components_.resize(k, centred.cols());
      singular_values_.resize(k);
      for (int j = 0; j < k; ++j) {
        const double s = std::sqrt(values[n - 1 - j]);
        singular_values_[j] = s;
        components_.row(j) =
            (centred.transpose() * eig.eigenvectors().col(n - 1 - j)).transpose() / s;
      }
      total_variance_ = gram.trace();
      solver_used_ = "gram";
      return;
    }
  }
  Eigen::BDCSVD<MatCD> svd(centred, Eigen::ComputeThinV);
  components_ = svd.matrixV().leftCols(k).transpose();
  singular_values_ = svd.singularValues().head(k);
  total_variance_ = svd.singularValues().squaredNorm();
  solver_used_ = "svd";
}

// Halko et al. with each power iteration fused into one pass over X (RandomizedWorkspace): from
// Y = X_c Z the pass returns G = Y^T Y and W = X_c^T Y; Q = Y T with T from G's eigenpairs is
// orthonormal, so X_c^T Q = W T without forming Q. The next Z = orth(W T) (Householder QR in
// double, d x l); after the last pass B^T = W T and its SVD gives the components.
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
  Eigen::MatrixXf Z(d, l);
  for (int j = 0; j < l; ++j)
    for (int i = 0; i < d; ++i) Z(i, j) = static_cast<float>(rng.Normal());
  RandomizedWorkspace ws(X, mean_, threads);
  PowerStepSums sums;
  Eigen::MatrixXf Y;  // the last pass keeps Y: the scores for the sign convention
  for (int it = 0; it <= iterations; ++it) {
    const bool last = it == iterations;
    ws.PowerStep(Z, it == 0, &sums, last ? &Y : nullptr);
    if (it == 0) total_variance_ = sums.squares.sum();
    const Eigen::MatrixXd T = OrthonormalizerFromGram(sums.gram);
    const Eigen::MatrixXd bt = sums.transposed * T;  // X_c^T Q, d x r
    if (bt.cols() < k) {  // X_c has rank < k: the exact solver handles it
      sign_scores_.resize(0, 0);
      if (n >= d) {
        FitCovariance(X, k);
      } else {
        FitSvd(X, k);
      }
      return;
    }
    if (!last) {
      Eigen::HouseholderQR<Eigen::MatrixXd> qr(bt);
      Z = (qr.householderQ() * Eigen::MatrixXd::Identity(d, bt.cols())).cast<float>();
      continue;
    }
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(bt, Eigen::ComputeThinU | Eigen::ComputeThinV);
    components_ = svd.matrixU().leftCols(k).transpose();
    singular_values_ = svd.singularValues().head(k);
    // X_c V = Q B V = Y T V_B S: n x k scores without another pass over X.
    const Eigen::MatrixXd to_scores = T * svd.matrixV().leftCols(k) * singular_values_.asDiagonal();
    sign_scores_ = (Y * to_scores.cast<float>()).cast<double>();
  }
  solver_used_ = "randomized";
}

void Pca::FixSigns(const Mat& X) {
  const MatCD scores = sign_scores_.size() > 0
                           ? sign_scores_
                           : CenteredTimes(X, mean_, components_.transpose(), options_.threads);
  sign_scores_.resize(0, 0);
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
