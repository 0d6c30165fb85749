// Built-in benchmark functions for hyperparameter search, each with its search space and known
// optimum: Branin, Hartmann-6, Rosenbrock-N, Ackley-N, Rastrigin-N, Styblinski-Tang-N, a mixed
// space and a conditional one.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/search/search_space.h"

namespace optiscope {

// The most variables an N-D test function takes: every trial stores one parameter per dimension.
inline constexpr int kMaxTestFunctionDims = 1000;

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
// min 0 at 0), "rastrigin" (N-D in [-5.12,5.12], min 0 at 0), "styblinski_tang" (N-D in
// [-5,5], min -39.16617 N at -2.903534), "mixed" (log float, int, categorical and a float; min 0;
// defined in docs/search.md; `dims` ignored), "conditional" (a model choice whose branches have
// their own parameters, a grandchild, and two shared parameters; min 0; ConditionalFunction;
// `dims` ignored).
// Errors: unknown name, dims outside 1..kMaxTestFunctionDims (N-D functions; Branin/Hartmann
// ignore dims).
Result<TestFunction> MakeTestFunction(const std::string& name, int dims = 2);

// A multi-objective test function: every objective is minimised. Hypervolumes are measured
// against `reference`; `optimal_hypervolume` is the true Pareto front's (NaN when unknown).
struct MultiObjectiveFunction {
  std::string name;
  SearchSpace space;
  std::function<std::vector<double>(const ParamSet&)> evaluate;
  std::vector<double> reference;
  double optimal_hypervolume = 0.0;
};

// Names: "zdt1" (Zitzler, Deb & Thiele 2000; `dims` >= 2 variables x1..xn in [0, 1];
// f1 = x1, g = 1 + 9 sum(x2..xn)/(n-1), f2 = g (1 - sqrt(f1/g)); front f2 = 1 - sqrt(f1);
// reference (1.1, 1.1), optimal hypervolume 1.21 - 1/3), "binh_korn" (Binh & Korn 1997 without
// its constraints: x in [0, 5], y in [0, 3], f1 = 4x^2 + 4y^2, f2 = (x-5)^2 + (y-5)^2;
// reference (140, 50); `dims` ignored). Errors: unknown name, zdt1 with dims < 2.
Result<MultiObjectiveFunction> MakeMultiObjectiveFunction(const std::string& name, int dims = 5);

// The raw functions on a point (x1, x2, ...), for tests and benches.
double Branin(double x1, double x2);
double Hartmann6(std::span<const double> x);
double Rosenbrock(std::span<const double> x);
double Ackley(std::span<const double> x);
double Rastrigin(std::span<const double> x);
double StyblinskiTang(std::span<const double> x);
// The "conditional" test function (docs/search.md): 0.5 (log10 lr + 2.5)^2 + 0.1 (log2 batch -
// 6)^2 plus, by model, linear: 0.6 + 0.1 (log10 l2 + 3)^2; mlp: 0.25 (layers - 2)^2 + 0.25
// (log2 units - 6)^2 + 4 (dropout - 0.1)^2 (dropout taken as 0.5 when layers = 1 hides it);
// forest: 0.3 + 0.02 (depth - 9)^2 + (features - 0.5)^2. REQUIRES: `p` valid in its space.
double ConditionalFunction(const ParamSet& p);

}  // namespace optiscope
