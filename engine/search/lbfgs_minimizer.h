// A small double-precision L-BFGS minimiser for the GP's hyperparameter fit.
#pragma once

#include <functional>

#include <Eigen/Core>

namespace optiscope {

struct LbfgsMinimizerOptions {
  int max_iterations = 50;
  int history = 10;
  double gradient_tolerance = 1e-6;  // stop when max |g| is below this
  double function_tolerance = 1e-10;  // stop when the relative decrease is below this
};

// L-BFGS (Nocedal & Wright 2006, "Numerical Optimization", algorithm 7.4: two-loop recursion)
// with a backtracking Armijo line search. `f` returns the value and writes the gradient; a
// non-finite value is treated as +inf (the step shrinks). Minimises in place; returns the final
// value.
double LbfgsMinimize(const std::function<double(const Eigen::VectorXd&, Eigen::VectorXd*)>& f,
                     Eigen::VectorXd* x, const LbfgsMinimizerOptions& options = {});

}  // namespace optiscope
