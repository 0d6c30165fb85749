// The deterministic test objective of tests/fixtures/torch_optim/make_fixtures.py and a JSON
// fixture loader, shared by the optimizer tests.
#pragma once

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>
#include <string>

#include "engine/core/types.h"

namespace optiscope::testing {

// f(θ) = (1−θ0)² + 10(θ1−θ0²)² + Σ_{i≥2} (½·a_i·θ_i² + ½·sin(2θ_i)) + ¼·θ2·θ6, a = (1,3,0.5,2,4)
// for i = 2..6. Computed in double; the gradient is written rounded to float (as PyTorch's
// float32 autograd would produce it, to within an ulp).
inline double FixtureObjective(std::span<const Scalar> p, std::span<Scalar> grad) {
  static constexpr double kA[7] = {0, 0, 1.0, 3.0, 0.5, 2.0, 4.0};
  double t[7];
  for (int i = 0; i < 7; ++i) t[i] = p[i];
  const double r = t[1] - t[0] * t[0];
  double f = (1 - t[0]) * (1 - t[0]) + 10 * r * r;
  double g[7];
  g[0] = -2 * (1 - t[0]) - 40 * t[0] * r;
  g[1] = 20 * r;
  for (int i = 2; i < 7; ++i) {
    f += 0.5 * kA[i] * t[i] * t[i] + 0.5 * std::sin(2 * t[i]);
    g[i] = kA[i] * t[i] + std::cos(2 * t[i]);
  }
  f += 0.25 * t[2] * t[6];
  g[2] += 0.25 * t[6];
  g[6] += 0.25 * t[2];
  for (int i = 0; i < 7; ++i) grad[i] = static_cast<Scalar>(g[i]);
  return f;
}

// Parses OPTISCOPE_FIXTURES_DIR/torch_optim/<name>; an empty object if the file is missing (the
// caller's assertions then fail with the path in the message).
inline nlohmann::json LoadFixture(const std::string& name) {
  std::ifstream in(std::string(OPTISCOPE_FIXTURES_DIR) + "/torch_optim/" + name);
  if (!in) return nlohmann::json::object();
  std::stringstream ss;
  ss << in.rdbuf();
  return nlohmann::json::parse(ss.str());
}

}  // namespace optiscope::testing
