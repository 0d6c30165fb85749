// Statistics for comparing configurations: Student t distribution and the corrected resampled
// t-test over per-seed / per-fold scores.
#pragma once

#include <span>

#include "engine/core/status.h"

namespace optiscope {

// I_x(a, b), the regularized incomplete beta function (continued fraction, Lentz's method;
// Numerical Recipes 3rd ed. section 6.4). REQUIRES a > 0, b > 0, 0 <= x <= 1.
double RegularizedIncompleteBeta(double a, double b, double x);
// P(T <= t) for Student's t with `dof` > 0 degrees of freedom.
double StudentTCdf(double t, double dof);

struct TTestResult {
  double mean_difference = 0.0;  // mean of a - b
  double t = 0.0;
  double dof = 0.0;
  double p_value = 1.0;  // two-sided
};

// Corrected resampled t-test (Nadeau & Bengio 2003, "Inference for the Generalization Error",
// Machine Learning 52): paired differences d_j = a_j - b_j over k resamples,
// t = mean(d) / sqrt((1/k + test_train_ratio) * var(d)) with var the unbiased variance,
// k - 1 degrees of freedom, two-sided p-value. test_train_ratio = n_test / n_train (0 gives the
// ordinary paired t-test). Errors: sizes differ, fewer than 2 pairs, negative ratio.
// Identical pairs (var 0): t = 0 and p = 1 when the mean difference is 0, else t = +-inf, p = 0.
Result<TTestResult> CorrectedResampledTTest(std::span<const double> a, std::span<const double> b,
                                            double test_train_ratio);

}  // namespace optiscope
