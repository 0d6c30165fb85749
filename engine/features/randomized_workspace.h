// RandomizedWorkspace: the float products of randomized SVD with the implicitly centred matrix
// X_c = X - 1 mean^T, written into caller-owned buffers (no per-iteration allocation), and an
// in-place CholeskyQR2 orthonormalization (Fukaya et al. 2014).
#pragma once

#include <vector>

#include "engine/core/types.h"

namespace optiscope {

class RandomizedWorkspace {
 public:
  // X must outlive the workspace.
  RandomizedWorkspace(const Mat& X, const VecD& mean, int threads);

  // *Y = X_c M (n x M.cols()). REQUIRES: Y sized n x M.cols().
  void Times(const Eigen::MatrixXf& M, Eigen::MatrixXf* Y);
  // *Z = X_c^T Y (d x Y.cols()), partial sums per thread in double.
  void TransposeTimes(const Eigen::MatrixXf& Y, Eigen::MatrixXf* Z);
  // Orthonormalizes the columns of *A in place (CholeskyQR2; Householder QR when the Gram matrix
  // is not numerically positive definite).
  void Orthonormalize(Eigen::MatrixXf* A) const;

 private:
  const Mat& X_;
  RowVec mean_;
  int threads_;
  std::vector<Mat> blocks_;               // one centred row block per thread
  std::vector<Eigen::MatrixXd> partial_;  // per-thread sums of TransposeTimes
};

}  // namespace optiscope
