// RandomizedWorkspace: the passes over the data of randomized SVD (Halko, Martinsson & Tropp
// 2011) with the implicitly centred matrix X_c = X - 1 mean^T, fused so that each power iteration
// reads X once: per row block, Y_b = X_c,b Z, then Y_b^T Y_b and X_c,b^T Y_b are accumulated in
// double. Y itself is never stored (except on request, for the sign convention).
#pragma once

#include <vector>

#include "engine/core/types.h"

namespace optiscope {

// The sums one fused pass returns for Y = X_c Z.
struct PowerStepSums {
  Eigen::MatrixXd gram;        // Y^T Y, l x l
  Eigen::MatrixXd transposed;  // X_c^T Y, d x l
  Eigen::VectorXd squares;     // with want_squares: per column, the sum of X_c squared (d)
};

class RandomizedWorkspace {
 public:
  // X must outlive the workspace. threads >= 1.
  RandomizedWorkspace(const Mat& X, const VecD& mean, int threads);

  // One pass over X with Z (d x l): fills *sums (resized). With want_squares, also the column
  // sums of squares of X_c; with keep_y non-null, stores Y (n x l, float) into *keep_y.
  void PowerStep(const Eigen::MatrixXf& Z, bool want_squares, PowerStepSums* sums,
                 Eigen::MatrixXf* keep_y = nullptr);

 private:
  const Mat& X_;
  RowVec mean_;
  int threads_;
  std::vector<Mat> blocks_;  // one centred row block per thread
  std::vector<Eigen::MatrixXf> y_blocks_;
  std::vector<PowerStepSums> partial_;
};

// Orthonormal basis of the column space of Y from its Gram matrix G = Y^T Y alone: the l x r
// matrix T = U diag(1/sqrt(lambda)) over the eigenpairs of G with lambda > 1e-12 lambda_max, so
// that Y T has orthonormal columns (r <= l drops numerically dependent directions). Y need not
// exist: X_c^T (Y T) = (X_c^T Y) T.
Eigen::MatrixXd OrthonormalizerFromGram(const Eigen::MatrixXd& gram);

}  // namespace optiscope
