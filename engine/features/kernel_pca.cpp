#include "engine/features/kernel_pca.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "engine/core/rng.h"
#include "engine/features/lanczos.h"

namespace optiscope {

Status KernelPca::Fit(const Mat& X) {
  const int n = static_cast<int>(X.rows());
  const int d = static_cast<int>(X.cols());
  if (n < 2 || d < 1) {
    return Status::InvalidArgument("Kernel PCA needs at least 2 rows and 1 column");
  }
  if (!X.allFinite()) {
    return Status::InvalidArgument("Kernel PCA input has missing or non-finite values");
  }
  params_ = options_.kernel;
  if (params_.gamma <= 0) params_.gamma = 1.0 / d;
  gamma_ = params_.gamma;
  const int k = options_.n_components;
  int landmarks = options_.landmarks;
  if (landmarks <= 0 && n > kExactKernelRows) landmarks = 1000;
  nystroem_ = landmarks > 0 && landmarks < n;
  const int limit = nystroem_ ? landmarks : n;
  if (k < 1 || k > limit) {
    return Status::InvalidArgument("n_components must be in [1, " + std::to_string(limit) +
                                   "], got " + std::to_string(k));
  }
  if (nystroem_) {
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    Rng rng(options_.seed);
    rng.Shuffle(order);
    order.resize(landmarks);
    std::sort(order.begin(), order.end());
    fit_rows_.resize(landmarks, d);
    for (int i = 0; i < landmarks; ++i) fit_rows_.row(i) = X.row(order[i]);
    const MatCD kll = KernelBlock(fit_rows_, fit_rows_, params_, options_.threads);
    Eigen::SelfAdjointEigenSolver<MatCD> eig(kll);
    const double top = std::max(eig.eigenvalues().maxCoeff(), 1e-300);
    VecD inv_sqrt(landmarks);
    for (int i = 0; i < landmarks; ++i) {
      const double s = eig.eigenvalues()[i];
      inv_sqrt[i] = s > 1e-12 * top ? 1.0 / std::sqrt(s) : 0.0;
    }
    landmark_map_ = eig.eigenvectors() * inv_sqrt.asDiagonal() * eig.eigenvectors().transpose();
    PcaOptions pca_options;
    pca_options.n_components = k;
    pca_options.solver = PcaSolver::kFull;
    pca_options.threads = options_.threads;
    feature_pca_ = Pca(pca_options);
    const Mat features = NystroemFeatures(X);
    OPTISCOPE_RETURN_IF_ERROR(feature_pca_.Fit(features));
    eigenvalues_ = feature_pca_.explained_variance() * static_cast<double>(n - 1);
    explained_variance_ratio_ = feature_pca_.explained_variance_ratio();
    training_scores_ = feature_pca_.Transform(features);
    return Status::Ok();
  }
  fit_rows_ = X;
  MatCD K = KernelBlock(X, X, params_, options_.threads);
  column_means_ = K.colwise().mean().transpose();
  total_mean_ = column_means_.mean();
  // K symmetric: row means equal column means.
  K.rowwise() -= column_means_.transpose();
  K.colwise() -= column_means_;
  K.array() += total_mean_;
  const double trace = K.trace();
  EigenPairs top = TopEigenpairs(K, k, 1e-10, options_.seed);
  eigenvalues_ = top.values.cwiseMax(0.0);
  const VecD signs = FlipSignsByScores(top.vectors);
  for (int j = 0; j < k; ++j) top.vectors.col(j) *= signs[j];
  alphas_.resize(n, k);
  training_scores_.resize(n, k);
  for (int j = 0; j < k; ++j) {
    const double root = std::sqrt(eigenvalues_[j]);
    alphas_.col(j) = root > 0 ? VecD(top.vectors.col(j) / root) : VecD::Zero(n);
    training_scores_.col(j) = (top.vectors.col(j) * root).cast<Scalar>();
  }
  double total = trace;
  // The sigmoid kernel (and a polynomial one with coef0 < 0) is not positive semidefinite: the
  // centred matrix has negative eigenvalues, the trace counts them with their sign, and
  // eigenvalue / trace exceeds 1 (iris, sigmoid: 1.04). The share of the positive part of the
  // spectrum is meaningful; it needs every eigenvalue (O(n^3)), so beyond kSpectrumRows rows no
  // ratio is reported.
  const bool indefinite = params_.kernel == PcaKernel::kSigmoid ||
                          (params_.kernel == PcaKernel::kPoly && params_.coef0 < 0);
  if (indefinite) {
    if (n > kSpectrumRows) {
      explained_variance_ratio_.resize(0);
      return Status::Ok();
    }
    Eigen::SelfAdjointEigenSolver<MatCD> spectrum(K, Eigen::EigenvaluesOnly);
    total = spectrum.eigenvalues().cwiseMax(0.0).sum();
  }
  explained_variance_ratio_ = eigenvalues_ / (total > 0 ? total : 1.0);
  return Status::Ok();
}

Mat KernelPca::NystroemFeatures(const Mat& X) const {
  const MatCD kxl = KernelBlock(X, fit_rows_, params_, options_.threads);
  return (kxl * landmark_map_).cast<Scalar>();
}

Mat KernelPca::Transform(const Mat& X) const {
  if (nystroem_) return feature_pca_.Transform(NystroemFeatures(X));
  MatCD K = KernelBlock(X, fit_rows_, params_, options_.threads);
  const VecD row_means = K.rowwise().mean();
  K.rowwise() -= column_means_.transpose();
  K.colwise() -= row_means;
  K.array() += total_mean_;
  return (K * alphas_).cast<Scalar>();
}

}  // namespace optiscope
