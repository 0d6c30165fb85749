// A plain SGD UpdateRule for trainer tests (theta -= lr * g), so the trainer is tested on its own;
// it also records the largest gradient norm it was given.
#pragma once

#include <algorithm>
#include <cmath>

#include "engine/optim/update_rule.h"

namespace optiscope::testing {

class FakeSgd final : public UpdateRule {
 public:
  std::string Name() const override { return "fake_sgd"; }
  void Reset(int /*num_params*/) override { steps = 0; }
  void Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) override {
    double sq = 0;
    for (size_t i = 0; i < params.size(); ++i) {
      params[i] -= static_cast<Scalar>(lr) * grad[i];
      sq += double(grad[i]) * grad[i];
      max_abs_grad = std::max(max_abs_grad, std::abs(double(grad[i])));
    }
    max_grad_norm = std::max(max_grad_norm, std::sqrt(sq));
    ++steps;
  }
  int steps = 0;
  double max_grad_norm = 0;
  double max_abs_grad = 0;  // largest |component| of any gradient seen
};

}  // namespace optiscope::testing
