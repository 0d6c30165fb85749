// Two-dimensional optimization test functions (Rosenbrock, Beale, Himmelblau, a saddle,
// Rastrigin) with exact gradients, for racing optimizers on a known surface.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"

namespace optiscope {

// A function f(x, y) with its gradient, a drawing window, a customary start and its minima.
// Formulas and minima: Surjanovic & Bingham, "Virtual Library of Simulation Experiments: Test
// Functions" (SFU), and Rosenbrock 1960, Beale 1958, Himmelblau 1972, Rastrigin 1974.
struct SurfaceFunction {
  std::string name;  // "rosenbrock" | "beale" | "himmelblau" | "saddle" | "rastrigin"
  double x_min, x_max, y_min, y_max;  // window drawn (paths may leave it)
  double start_x, start_y;            // the common start of every optimizer
  std::vector<double> minima_xy;      // global minima x0 y0 x1 y1 ... (empty: unbounded below)
  bool log_scale = false;             // values span decades: draw log(1 + f − f_min)
  // Suggested learning rates: plain/momentum SGD, and the adaptive rules (Adam, RMSprop, ...).
  double sgd_lr = 1e-3;
  double adaptive_lr = 1e-2;

  // f(x, y); writes ∂f/∂x, ∂f/∂y into gx, gy when non-null.
  double Evaluate(double x, double y, double* gx, double* gy) const;
};

// The functions, in the order above.
std::vector<std::string> SurfaceFunctionNames();

// The function of that name; InvalidArgument (listing the names) otherwise.
Result<SurfaceFunction> GetSurfaceFunction(const std::string& name);

}  // namespace optiscope
