// Dense linear-algebra kernels of the feature engine: column means, the centred Gram matrix
// X_c^T X_c (blocked rank-k updates, double accumulation, multithreaded over row blocks), the
// product with the implicitly centred matrix, and scikit-learn's svd_flip sign convention.
#pragma once

#include "engine/core/types.h"

namespace optiscope {

using MatCD = Eigen::MatrixXd;  // column-major double, for factorizations

// Column means of X in double. REQUIRES: X.rows() > 0.
VecD ColumnMeans(const Mat& X, int threads = 0);

// (X - 1 mean^T)^T (X - 1 mean^T), d x d, both triangles filled. Rows are centred and widened to
// double in blocks of 256 and accumulated by symmetric rank-k updates, one accumulator per thread.
MatCD CenteredGram(const Mat& X, const VecD& mean, int threads = 0);

// (X - 1 mean^T) * M: n x M.cols(), computed in float with row blocks on `threads` threads.
MatCD CenteredTimes(const Mat& X, const VecD& mean, const MatCD& M, int threads = 0);

// Sign of each column of `scores` (n x k) such that the entry of largest |value| (first one on a
// tie) becomes positive: scikit-learn 1.2's svd_flip(u, v, u_based_decision=True) applied to
// U = scores / s. Returns +1/-1 per column.
VecD FlipSignsByScores(const MatCD& scores);

}  // namespace optiscope
