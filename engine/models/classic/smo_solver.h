// SmoSolver: the C-SVC dual problem solved by sequential minimal optimisation with second-order
// working-set selection, as LIBSVM does.
#pragma once

#include <cstdint>
#include <span>
#include <stop_token>
#include <vector>

#include "engine/core/status.h"
#include "engine/models/classic/kernel_matrix.h"

namespace optiscope {

struct SmoOptions {
  double C = 1.0;
  double tol = 1e-3;      // stop when the maximal KKT violation m(a) - M(a) < tol
  int64_t max_iter = -1;  // -1: max(10^7, 100 l) as LIBSVM
};

struct SmoResult {
  std::vector<double> alpha;  // one per row of the subproblem, in [0, C]
  double rho = 0.0;           // decision(x) = sum_i alpha_i y_i k(x_i, x) - rho
  int64_t iterations = 0;
  bool converged = true;  // false when max_iter stopped it
};

// Solves min_a 1/2 a'Qa - e'a s.t. y'a = 0, 0 <= a <= C with Q_ij = y_i y_j K_ij, over the rows
// `rows` of `kernel`, labels y_i in {-1, +1}. SMO (Platt 1998, "Sequential Minimal Optimization",
// MSR-TR-98-14) with the WSS2 second-order working-set selection of Fan, Chen & Lin 2005
// ("Working Set Selection Using Second Order Information for Training SVM", JMLR 6), the
// two-variable update and the bias rule of LIBSVM (Chang & Lin 2011). No shrinking.
// Errors: Cancelled when `stop` is requested (checked every 1000 iterations).
Status SolveSmo(KernelMatrix& kernel, std::span<const int> rows, std::span<const int8_t> y,
                const SmoOptions& options, std::stop_token stop, SmoResult* result);

}  // namespace optiscope
