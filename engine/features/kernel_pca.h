// Kernel PCA (Schölkopf, Smola & Müller 1998, "Nonlinear component analysis as a kernel
// eigenvalue problem") with scikit-learn's KernelPCA conventions: centred kernel matrix
// K_c = K - 1K - K1 + 1K1, the top eigenpairs only (Lanczos, see lanczos.h), scores alpha sqrt(lambda),
// svd_flip signs on the eigenvectors, new points through the centred K(X, X_fit) alpha / sqrt(lambda).
// Large data use the Nyström approximation (Williams & Seeger 2001): features
// K(X, L) K_LL^{-1/2} over m landmark rows, then linear PCA of those.
#pragma once

#include <cstdint>

#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/features/kernels.h"
#include "engine/features/pca.h"

namespace optiscope {

struct KernelPcaOptions {
  int n_components = 2;
  KernelParams kernel;  // gamma <= 0: 1 / n_features (scikit-learn's default)
  int landmarks = 0;    // > 0: Nyström with this many landmark rows; 0: exact up to
                        // kExactKernelRows rows, else Nyström with 1000 landmarks
  uint64_t seed = 0;    // Lanczos start vector and landmark choice
  int threads = 0;
};

inline constexpr int kExactKernelRows = 5000;
// Up to this many rows an indefinite kernel's full spectrum is computed for its variance ratios.
inline constexpr int kSpectrumRows = 2000;

class KernelPca {
 public:
  KernelPca() = default;
  explicit KernelPca(KernelPcaOptions options) : options_(options) {}

  // InvalidArgument when X has fewer than 2 rows, non-finite values, or n_components exceeds
  // the rows (or landmarks).
  Status Fit(const Mat& X);
  // Scores of new rows (n x k). REQUIRES: fitted, same columns.
  Mat Transform(const Mat& X) const;
  // Scores of the training rows (alpha sqrt(lambda) for the exact method).
  const Mat& training_scores() const { return training_scores_; }

  bool fitted() const { return training_scores_.rows() > 0; }
  bool nystroem() const { return nystroem_; }
  int NumComponents() const { return static_cast<int>(eigenvalues_.size()); }
  // Eigenvalues of the centred kernel matrix (exact) or n-1 times the explained variance of the
  // Nyström features; descending.
  const VecD& eigenvalues() const { return eigenvalues_; }
  // eigenvalue / trace of the centred kernel matrix: the share of feature-space variance. For a
  // kernel that is not positive semidefinite (sigmoid; poly with coef0 < 0), eigenvalue / the sum
  // of the positive eigenvalues, and empty (no ratio) above kSpectrumRows rows. Never above 1.
  const VecD& explained_variance_ratio() const { return explained_variance_ratio_; }
  double gamma() const { return gamma_; }

 private:
  friend class FeaturePipelineIo;  // feature_pipeline_io.cpp: saved with model files
  Mat NystroemFeatures(const Mat& X) const;

  KernelPcaOptions options_;
  KernelParams params_;
  double gamma_ = 0.0;
  bool nystroem_ = false;
  Mat fit_rows_;        // exact: the training rows; Nyström: the landmarks
  VecD column_means_;   // exact: training column means of K
  double total_mean_ = 0.0;
  MatCD alphas_;        // exact: eigenvectors / sqrt(lambda)
  MatCD landmark_map_;  // Nyström: K_LL^{-1/2}
  Pca feature_pca_;     // Nyström: PCA of the mapped features
  VecD eigenvalues_, explained_variance_ratio_;
  Mat training_scores_;
};

}  // namespace optiscope
