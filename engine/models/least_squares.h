// Closed-form (ridge) least squares for the linear regression model.
#pragma once

#include <vector>

#include "engine/core/status.h"
#include "engine/core/types.h"

namespace optiscope {

// Solves min_w,b (1/n)||X w + b - y||^2 + l2*||w||^2 (intercept not penalised) in double
// precision by centring and a Cholesky (LDLT) solve of the normal equations, and returns the
// parameters in the DenseNetwork layout of a linear model: w (features entries), then b.
// A singular system (e.g. duplicated columns, l2 = 0) is solved in the least-norm sense via a
// complete orthogonal decomposition. InvalidArgument when X has no rows or y's size differs.
Result<std::vector<Scalar>> FitLeastSquares(const Mat& X, const Vec& y, double l2 = 0.0);

}  // namespace optiscope
