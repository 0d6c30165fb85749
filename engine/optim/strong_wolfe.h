// A line search satisfying the strong Wolfe conditions (bracketing + cubic-interpolation zoom),
// the "strong_wolfe" line search of torch.optim.LBFGS.
#pragma once

#include <span>
#include <vector>

#include "engine/core/types.h"
#include "engine/optim/objective.h"

namespace optiscope {

struct StrongWolfeOptions {
  double c1 = 1e-4;                // sufficient decrease (Armijo) constant
  double c2 = 0.9;                 // curvature constant
  double tolerance_change = 1e-9;  // stop zooming when |bracket|·max|d| is below this
  int max_evaluations = 25;        // objective evaluations per search
};

struct LineSearchResult {
  double t = 0.0;       // accepted step length
  double f = 0.0;       // objective at x0 + t·d
  int evaluations = 0;  // objective calls made
};

// Nocedal & Wright, "Numerical Optimization" (2nd ed.), Algorithms 3.5 (bracketing) and 3.6 (zoom),
// with safeguarded cubic interpolation as in minFunc (Schmidt) and torch.optim.lbfgs._strong_wolfe
// (PyTorch 1.13), whose decisions it reproduces: same trial steps, same acceptance tests, and, when
// the evaluation budget runs out, the best point of the bracket.
class StrongWolfeLineSearch {
 public:
  // Sizes the scratch buffers for `num_params` parameters (Search then does not allocate).
  void Reset(int num_params);

  // Searches along `d` from `x0` where the objective is `f` with gradient `grad` and directional
  // derivative `gtd` = grad·d < 0, starting with step `t`. On return `params` = x0 + t·d for the
  // accepted t and `grad` holds the gradient there. The objective is always called with `params`.
  // REQUIRES: Reset(n) with n == x0.size() == d.size() == grad.size() == params.size().
  LineSearchResult Search(const Objective& objective, std::span<const Scalar> x0,
                          std::span<const Scalar> d, double t, double f, double gtd,
                          std::span<Scalar> grad, std::span<Scalar> params,
                          const StrongWolfeOptions& options = {});

 private:
  // f and gradient at x0 + t·d into `g`; returns f.
  double Evaluate(const Objective& objective, std::span<const Scalar> x0, std::span<const Scalar> d,
                  double t, std::span<Scalar> params, std::vector<Scalar>& g);

  std::vector<Scalar> g_new_, g_prev_;
  std::vector<Scalar> bracket_g_[2];
};

// The minimiser of the cubic interpolating (x1, f1, g1) and (x2, f2, g2), clamped to [lo, hi];
// the midpoint of [lo, hi] when the cubic has no real minimiser.
double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
                        double hi);

}  // namespace optiscope
