// Principal component analysis: exact (covariance eigendecomposition or thin SVD, whichever is
// cheaper for the shape) and randomized (Halko, Martinsson & Tropp 2011, "Finding structure with
// randomness", Algorithm 4.4 with power iterations, each fused into one pass over the data: see
// randomized_workspace.h). Follows scikit-learn's PCA: explained
// variance S^2/(n-1), ratio over the total variance, whitening, and the svd_flip sign convention
// of scikit-learn 1.2 (the entry of largest |U_ij| of each component is positive).
#pragma once

#include <cstdint>
#include <string>

#include "engine/config/config_enums.h"
#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/features/linear_algebra.h"

namespace optiscope {

// PcaSolver (auto | full | randomized) is config_enums.h's, features.pca.solver's.
// Parses one of its names.
Result<PcaSolver> ParsePcaSolver(const std::string& name);

struct PcaOptions {
  int n_components = 2;  // 0: min(n, d)
  PcaSolver solver = PcaSolver::kAuto;
  bool whiten = false;        // scale the scores to unit variance
  int power_iterations = -1;  // randomized: -1 = 7 if k < 0.1 min(n, d) else 4 (sklearn)
  int oversamples = 10;       // randomized
  uint64_t seed = 0;          // randomized: the Gaussian test matrix
  int threads = 0;            // 0: hardware concurrency
};

// Fitted PCA. Value type.
class Pca {
 public:
  Pca() = default;
  explicit Pca(PcaOptions options) : options_(options) {}

  // Learns the components of X (n x d). InvalidArgument when n < 2, d < 1, X has non-finite
  // values, or n_components > min(n, d).
  Status Fit(const Mat& X);
  // As Fit, but about a given centre instead of the column means: the components of
  // X - 1 center^T (not re-centred), mean() = center. Used for weight trajectories about the final
  // weights (engine/race/trajectory_pca.h). Allows a single row; explained variance divides by
  // max(n - 1, 1). InvalidArgument when center.size() != X.cols() or as Fit.
  Status FitAbout(const Mat& X, const VecD& center);
  // Scores (X - mean) V (divided by sqrt(explained variance) when whitening): n x k.
  // REQUIRES: fitted, X.cols() == NumFeatures().
  Mat Transform(const Mat& X) const;
  // Maps scores (n x k) back to the input space: scores V^T + mean (undoing whitening).
  Mat InverseTransform(const Mat& scores) const;

  bool fitted() const { return components_.rows() > 0; }
  int NumComponents() const { return static_cast<int>(components_.rows()); }
  int NumFeatures() const { return static_cast<int>(mean_.size()); }
  const MatCD& components() const { return components_; }  // k x d, orthonormal rows
  const VecD& mean() const { return mean_; }
  const VecD& explained_variance() const { return explained_variance_; }
  const VecD& explained_variance_ratio() const { return explained_variance_ratio_; }
  const VecD& singular_values() const { return singular_values_; }
  // The solver actually used ("covariance", "svd" or "randomized").
  const std::string& solver_used() const { return solver_used_; }
  const PcaOptions& options() const { return options_; }

 private:
  friend class FeaturePipelineIo;  // feature_pipeline_io.cpp: saved with model files
  Status FitCentred(const Mat& X, long long min_rows);
  void FitCovariance(const Mat& X, int k);
  void FitSvd(const Mat& X, int k);
  void FitRandomized(const Mat& X, int k);
  void FixSigns(const Mat& X);

  PcaOptions options_;
  MatCD components_;
  VecD mean_, explained_variance_, explained_variance_ratio_, singular_values_;
  double total_variance_ = 0.0;
  std::string solver_used_;
  MatCD sign_scores_;  // randomized: the scores FixSigns uses (saves a pass over X); then empty
};

}  // namespace optiscope
