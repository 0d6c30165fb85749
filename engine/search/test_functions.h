// Built-in benchmark functions for hyperparameter search, each with its search space and known
// optimum: Branin, Hartmann-6, Rosenbrock-N, Ackley-N, Rastrigin-N and a mixed space.
#pragma once

#include <functional>
#include <span>
#include <string>

#include "engine/core/status.h"
#include "engine/search/search_space.h"

namespace optiscope {

// A function to minimise over `space`. `optimum` is its global minimum value and `argmin` one
// point attaining it (within floating-point error).
struct TestFunction {
  std::string name;
  SearchSpace space;
  std::function<double(const ParamSet&)> evaluate;
  double optimum = 0.0;
  ParamSet argmin;
};

// Names: "branin" (2-D, x1 in [-5,10], x2 in [0,15], min 0.397887), "hartmann6" (6-D unit cube,
// min -3.32237), "rosenbrock" (N-D in [-5,10], min 0 at 1), "ackley" (N-D in [-32.768,32.768],
// min 0 at 0), "rastrigin" (N-D in [-5.12,5.12], min 0 at 0), "mixed" (log float, int,
// categorical and a float; min 0; defined in docs/search.md; `dims` ignored).
// Errors: unknown name, dims < 1 (N-D functions; Branin/Hartmann ignore dims).
Result<TestFunction> MakeTestFunction(const std::string& name, int dims = 2);

// The raw functions on a point (x1, x2, ...), for tests and benches.
double Branin(double x1, double x2);
double Hartmann6(std::span<const double> x);
double Rosenbrock(std::span<const double> x);
double Ackley(std::span<const double> x);
double Rastrigin(std::span<const double> x);

}  // namespace optiscope
