// Stochastic gradient descent with optional (Nesterov) momentum, dampening and coupled weight
// decay: the update rules "gd", "sgd", "momentum" and "nesterov".
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/optim/update_rule.h"

namespace optiscope {

struct SgdOptions {
  double momentum = 0.0;      // μ; 0 = plain gradient descent
  double dampening = 0.0;     // scales the gradient added to the momentum buffer by (1 - dampening)
  bool nesterov = false;      // REQUIRES: momentum > 0 and dampening == 0
  double weight_decay = 0.0;  // coupled: g += weight_decay·θ
};

// torch.optim.SGD (PyTorch 1.13) exactly: g' = g + wd·θ; with momentum the buffer is b = g' on
// the first step and b = μ·b + (1 − dampening)·g' afterwards; the step direction is g' + μ·b
// (Nesterov, Sutskever et al. 2013 as formulated in PyTorch) or b; θ −= lr·direction.
class Sgd final : public UpdateRule {
 public:
  explicit Sgd(SgdOptions options = {}, std::string name = "sgd")
      : options_(options), name_(std::move(name)) {}

  std::string Name() const override { return name_; }
  void Reset(int num_params) override;
  void Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) override;
  bool SetMomentum(double momentum) override {
    if (options_.momentum == 0.0) return false;
    options_.momentum = momentum;
    return true;
  }

 private:
  SgdOptions options_;
  std::string name_;
  std::vector<Scalar> buffer_;  // momentum buffer (empty without momentum)
  bool has_buffer_ = false;     // false until the first step initialises the buffer
};

}  // namespace optiscope
