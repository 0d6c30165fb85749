// Top eigenpairs of a symmetric matrix by the Lanczos method with full reorthogonalization
// (Golub & Van Loan, "Matrix Computations", 4th ed., section 10.1): only the k largest
// eigenvalues are resolved, so an n x n kernel matrix costs O(n^2 m) for m << n steps instead of
// the O(n^3) of a full eigendecomposition.
#pragma once

#include <cstdint>

#include "engine/features/linear_algebra.h"

namespace optiscope {

struct EigenPairs {
  VecD values;    // k largest (algebraic) eigenvalues, descending
  MatCD vectors;  // n x k, orthonormal columns
};

// The k largest eigenpairs of symmetric A (n x n). Runs Lanczos steps until the residual bound
// |beta_m s_mi| of every wanted Ritz pair is below tol * max|theta|, or m reaches n (then the
// pairs are exact). Small matrices (n <= 64) use a full eigendecomposition. REQUIRES: 1 <= k <= n.
EigenPairs TopEigenpairs(const MatCD& A, int k, double tol = 1e-12, uint64_t seed = 0);

}  // namespace optiscope
