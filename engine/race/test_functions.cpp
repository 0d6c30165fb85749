#include "engine/race/test_functions.h"

#include <cmath>
#include <numbers>

namespace optiscope {

double SurfaceFunction::Evaluate(double x, double y, double* gx, double* gy) const {
  double f = 0, dx = 0, dy = 0;
  if (name == "rosenbrock") {  // (1 − x)² + 100 (y − x²)², minimum (1, 1)
    const double t = y - x * x;
    f = (1 - x) * (1 - x) + 100 * t * t;
    dx = -2 * (1 - x) - 400 * x * t;
    dy = 200 * t;
  } else if (name == "beale") {  // Σ (c_i − x + x·yⁱ)², c = 1.5, 2.25, 2.625; minimum (3, 0.5)
    const double c[3] = {1.5, 2.25, 2.625};
    double yp = 1;
    for (int i = 0; i < 3; ++i) {
      const double ypi = yp * y;  // y^(i+1)
      const double r = c[i] - x + x * ypi;
      f += r * r;
      dx += 2 * r * (ypi - 1);
      dy += 2 * r * x * (i + 1) * yp;
      yp = ypi;
    }
  } else if (name == "himmelblau") {  // (x² + y − 11)² + (x + y² − 7)², four minima f = 0
    const double u = x * x + y - 11, v = x + y * y - 7;
    f = u * u + v * v;
    dx = 4 * x * u + 2 * v;
    dy = 2 * u + 4 * y * v;
  } else if (name == "saddle") {  // x² − y²: a saddle at the origin, unbounded below
    f = x * x - y * y;
    dx = 2 * x;
    dy = -2 * y;
  } else {  // rastrigin: 20 + Σ (t² − 10 cos 2πt), minimum (0, 0)
    const double w = 2 * std::numbers::pi;
    f = 20 + x * x - 10 * std::cos(w * x) + y * y - 10 * std::cos(w * y);
    dx = 2 * x + 10 * w * std::sin(w * x);
    dy = 2 * y + 10 * w * std::sin(w * y);
  }
  if (gx) *gx = dx;
  if (gy) *gy = dy;
  return f;
}

std::vector<std::string> SurfaceFunctionNames() {
  return {"rosenbrock", "beale", "himmelblau", "saddle", "rastrigin"};
}

Result<SurfaceFunction> GetSurfaceFunction(const std::string& name) {
  SurfaceFunction f;
  f.name = name;
  if (name == "rosenbrock") {
    f = {name, -2.0, 2.0, -1.0, 3.0, -1.5, 2.5, {1, 1}, true, 1e-3, 5e-2};
  } else if (name == "beale") {
    f = {name, -4.5, 4.5, -4.5, 4.5, 1.0, 1.5, {3, 0.5}, true, 1e-3, 5e-2};
  } else if (name == "himmelblau") {
    f = {name, -5.0, 5.0, -5.0,
         5.0,  -0.5, 0.5, {3, 2, -2.805118, 3.131312, -3.779310, -3.283186, 3.584428, -1.848126},
         true, 5e-3, 1e-1};
  } else if (name == "saddle") {
    f = {name, -2.0, 2.0, -2.0, 2.0, -1.8, 0.02, {}, false, 2e-2, 2e-2};
  } else if (name == "rastrigin") {
    f = {name, -5.12, 5.12, -5.12, 5.12, 3.3, -2.7, {0, 0}, false, 2e-3, 1e-1};
  } else {
    std::string names;
    for (const std::string& n : SurfaceFunctionNames()) names += (names.empty() ? "" : ", ") + n;
    return Status::InvalidArgument("unknown test function '" + name + "' (expected " + names + ")");
  }
  return f;
}

}  // namespace optiscope
