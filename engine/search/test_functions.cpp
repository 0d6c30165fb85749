#include "engine/search/test_functions.h"
#include "engine/core/str_cat.h"

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

namespace optiscope {
namespace {

std::vector<double> Vector(const ParamSet& p, int dims) {
  std::vector<double> x(dims);
  for (int i = 0; i < dims; ++i) x[i] = p.at(StrCat({"x", std::to_string(i + 1)}));
  return x;
}

SearchSpace CubeSpace(int dims, double low, double high) {
  SearchSpace s;
  for (int i = 0; i < dims; ++i) {
    const Status st = s.Add(FloatParam(StrCat({"x", std::to_string(i + 1)}), low, high));
    (void)st;
  }
  return s;
}

ParamSet Point(const std::vector<double>& x) {
  ParamSet p;
  for (size_t i = 0; i < x.size(); ++i) p[StrCat({"x", std::to_string(i + 1)})] = x[i];
  return p;
}

// Styblinski-Tang's minimiser in every coordinate: the root of 4x^3 - 32x + 5 near -2.9.
constexpr double kStyblinskiTangArgmin = -2.903534027771178;

}  // namespace

double ConditionalFunction(const ParamSet& p) {
  const double lr = std::log10(p.at("lr")) + 2.5;
  const double batch = std::log2(p.at("batch")) - 6;
  double v = 0.5 * lr * lr + 0.1 * batch * batch;
  switch (static_cast<int>(p.at("model"))) {
    case 0: {  // linear: never better than 0.6
      const double l2 = std::log10(p.at("l2")) + 3;
      return v + 0.6 + 0.1 * l2 * l2;
    }
    case 1: {  // mlp: 0 at 2 layers of 64 units, dropout 0.1
      const double layers = p.at("layers") - 2, units = std::log2(p.at("units")) - 6;
      v += 0.25 * layers * layers + 0.25 * units * units;
      const double dropout = p.count("dropout") ? p.at("dropout") - 0.1 : 0.4;
      return v + 4 * dropout * dropout;
    }
    default: {  // forest: never better than 0.3
      const double depth = p.at("depth") - 9, features = p.at("features") - 0.5;
      return v + 0.3 + 0.02 * depth * depth + features * features;
    }
  }
}

double Branin(double x1, double x2) {
  const double pi = std::numbers::pi;
  const double b = 5.1 / (4 * pi * pi), c = 5 / pi, t = 1 / (8 * pi);
  const double u = x2 - b * x1 * x1 + c * x1 - 6;
  return u * u + 10 * (1 - t) * std::cos(x1) + 10;
}

double Hartmann6(std::span<const double> x) {
  static const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
  static const double a[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                                 {0.05, 10, 17, 0.1, 8, 14},
                                 {3, 3.5, 1.7, 10, 17, 8},
                                 {17, 8, 0.05, 10, 0.1, 14}};
  static const double p[4][6] = {{1312, 1696, 5569, 124, 8283, 5886},
                                 {2329, 4135, 8307, 3736, 1004, 9991},
                                 {2348, 1451, 3522, 2883, 3047, 6650},
                                 {4047, 8828, 8732, 5743, 1091, 381}};
  double sum = 0;
  for (int i = 0; i < 4; ++i) {
    double inner = 0;
    for (int j = 0; j < 6; ++j) {
      const double d = x[j] - 1e-4 * p[i][j];
      inner += a[i][j] * d * d;
    }
    sum += alpha[i] * std::exp(-inner);
  }
  return -sum;
}

double Rosenbrock(std::span<const double> x) {
  double s = 0;
  for (size_t i = 0; i + 1 < x.size(); ++i) {
    const double u = x[i + 1] - x[i] * x[i], v = 1 - x[i];
    s += 100 * u * u + v * v;
  }
  return s;
}

double Ackley(std::span<const double> x) {
  const double n = static_cast<double>(x.size());
  double sq = 0, cs = 0;
  for (double v : x) {
    sq += v * v;
    cs += std::cos(2 * std::numbers::pi * v);
  }
  return -20 * std::exp(-0.2 * std::sqrt(sq / n)) - std::exp(cs / n) + 20 + std::numbers::e;
}

double StyblinskiTang(std::span<const double> x) {
  double s = 0;
  for (double v : x) s += v * v * v * v - 16 * v * v + 5 * v;
  return 0.5 * s;
}

double Rastrigin(std::span<const double> x) {
  double s = 10.0 * static_cast<double>(x.size());
  for (double v : x) s += v * v - 10 * std::cos(2 * std::numbers::pi * v);
  return s;
}

Result<TestFunction> MakeTestFunction(const std::string& name, int dims) {
  TestFunction f;
  f.name = name;
  if (name == "branin") {
    f.space = CubeSpace(0, 0, 1);
    (void)f.space.Add(FloatParam("x1", -5, 10));
    (void)f.space.Add(FloatParam("x2", 0, 15));
    f.evaluate = [](const ParamSet& p) { return Branin(p.at("x1"), p.at("x2")); };
    f.optimum = 0.39788735772973816;
    f.argmin = Point({std::numbers::pi, 2.275});
    return f;
  }
  if (name == "hartmann6") {
    f.space = CubeSpace(6, 0, 1);
    f.evaluate = [](const ParamSet& p) { return Hartmann6(Vector(p, 6)); };
    f.optimum = -3.322368011415515;
    f.argmin = Point({0.20168952, 0.15001069, 0.47687398, 0.27533243, 0.31165162, 0.65730054});
    return f;
  }
  if (name == "mixed") {
    (void)f.space.Add(FloatParam("lr", 1e-5, 1.0, /*log=*/true));
    (void)f.space.Add(IntParam("units", 4, 512, /*log=*/true));
    (void)f.space.Add(IntParam("layers", 1, 6));
    (void)f.space.Add(CategoricalParam("activation", {"relu", "tanh", "sigmoid", "gelu"}));
    (void)f.space.Add(FloatParam("dropout", 0.0, 0.5, false, 0.05));
    f.evaluate = [](const ParamSet& p) {
      static const double act[4] = {0.5, 0.0, 1.0, 0.25};
      const double lr = std::log10(p.at("lr")) + 3;
      const double units = std::log2(p.at("units")) - 7;
      const double layers = p.at("layers") - 3;
      const double dropout = p.at("dropout") - 0.2;
      return lr * lr + 0.25 * units * units + 0.25 * layers * layers +
             act[static_cast<int>(p.at("activation"))] + 4 * dropout * dropout;
    };
    f.optimum = 0.0;
    f.argmin = {{"lr", 1e-3}, {"units", 128}, {"layers", 3}, {"activation", 1}, {"dropout", 0.2}};
    return f;
  }
  if (name == "conditional") {
    // A model-selection space: which parameters exist depends on `model` (and on `layers`).
    (void)f.space.Add(CategoricalParam("model", {"linear", "mlp", "forest"}));
    (void)f.space.Add(When(FloatParam("l2", 1e-6, 1.0, true), "model", {"linear"}));
    (void)f.space.Add(When(IntParam("layers", 1, 4), "model", {"mlp"}));
    (void)f.space.Add(When(IntParam("units", 8, 512, true), "model", {"mlp"}));
    (void)f.space.Add(When(FloatParam("dropout", 0.0, 0.5), "layers", {"2", "3", "4"}));
    (void)f.space.Add(When(IntParam("depth", 2, 16), "model", {"forest"}));
    (void)f.space.Add(When(FloatParam("features", 0.1, 1.0), "model", {"forest"}));
    (void)f.space.Add(FloatParam("lr", 1e-5, 1.0, true));
    (void)f.space.Add(IntParam("batch", 16, 512, true));
    f.evaluate = [](const ParamSet& p) { return ConditionalFunction(p); };
    f.optimum = 0.0;
    f.argmin = {{"model", 1}, {"layers", 2},    {"units", 64},
                {"dropout", 0.1}, {"lr", std::pow(10.0, -2.5)}, {"batch", 64}};
    return f;
  }
  if (name != "rosenbrock" && name != "ackley" && name != "rastrigin" &&
      name != "styblinski_tang") {
    return Status::InvalidArgument("unknown test function '" + name +
                                   "' (known: branin, hartmann6, rosenbrock, ackley, rastrigin, "
                                   "styblinski_tang, mixed, conditional)");
  }
  if (dims < 1 || dims > kMaxTestFunctionDims) {
    return Status::InvalidArgument("test function '" + name + "' needs dims in 1.." +
                                   std::to_string(kMaxTestFunctionDims) + ", got " +
                                   std::to_string(dims));
  }
  if (name == "rosenbrock") {
    f.space = CubeSpace(dims, -5, 10);
    f.evaluate = [dims](const ParamSet& p) { return Rosenbrock(Vector(p, dims)); };
    f.argmin = Point(std::vector<double>(dims, 1.0));
  } else if (name == "ackley") {
    f.space = CubeSpace(dims, -32.768, 32.768);
    f.evaluate = [dims](const ParamSet& p) { return Ackley(Vector(p, dims)); };
    f.argmin = Point(std::vector<double>(dims, 0.0));
  } else if (name == "rastrigin") {
    f.space = CubeSpace(dims, -5.12, 5.12);
    f.evaluate = [dims](const ParamSet& p) { return Rastrigin(Vector(p, dims)); };
    f.argmin = Point(std::vector<double>(dims, 0.0));
  } else {
    f.space = CubeSpace(dims, -5.0, 5.0);
    f.evaluate = [dims](const ParamSet& p) { return StyblinskiTang(Vector(p, dims)); };
    f.argmin = Point(std::vector<double>(dims, kStyblinskiTangArgmin));
    f.name = name + std::to_string(dims);
    f.optimum = dims * StyblinskiTang(std::vector<double>{kStyblinskiTangArgmin});
    return f;
  }
  f.name = name + std::to_string(dims);
  f.optimum = 0.0;
  return f;
}

Result<MultiObjectiveFunction> MakeMultiObjectiveFunction(const std::string& name, int dims) {
  MultiObjectiveFunction f;
  f.name = name;
  if (name == "zdt1") {
    if (dims < 2 || dims > kMaxTestFunctionDims) {
      return Status::InvalidArgument("test function 'zdt1' needs dims in 2.." +
                                     std::to_string(kMaxTestFunctionDims) + ", got " +
                                     std::to_string(dims));
    }
    f.space = CubeSpace(dims, 0, 1);
    f.evaluate = [dims](const ParamSet& p) {
      const std::vector<double> x = Vector(p, dims);
      double sum = 0.0;
      for (int i = 1; i < dims; ++i) sum += x[i];
      const double g = 1 + 9 * sum / (dims - 1);
      return std::vector<double>{x[0], g * (1 - std::sqrt(x[0] / g))};
    };
    f.reference = {1.1, 1.1};
    f.optimal_hypervolume = 1.1 * 1.1 - 1.0 / 3.0;
    return f;
  }
  if (name == "binh_korn") {
    (void)f.space.Add(FloatParam("x", 0, 5));
    (void)f.space.Add(FloatParam("y", 0, 3));
    f.evaluate = [](const ParamSet& p) {
      const double x = p.at("x"), y = p.at("y");
      return std::vector<double>{4 * x * x + 4 * y * y, (x - 5) * (x - 5) + (y - 5) * (y - 5)};
    };
    f.reference = {140, 50};
    f.optimal_hypervolume = std::nan("");
    return f;
  }
  return Status::InvalidArgument("unknown multi-objective test function '" + name +
                                 "' (known: zdt1, binh_korn)");
}

}  // namespace optiscope
