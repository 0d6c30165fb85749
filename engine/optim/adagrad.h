// Adagrad: per-coordinate learning rates from the accumulated squared gradients ("adagrad").
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/optim/update_rule.h"

namespace optiscope {

struct AdagradOptions {
  double lr_decay = 0.0;             // lr_t = lr / (1 + (t − 1)·lr_decay)
  double weight_decay = 0.0;         // coupled: g += weight_decay·θ
  double initial_accumulator = 0.0;  // starting value of the sum of squares
  double eps = 1e-10;                // added outside the square root
};

// Adagrad (Duchi, Hazan & Singer 2011) exactly as torch.optim.Adagrad (PyTorch 1.13, dense):
// t += 1; g' = g + wd·θ; lr_t = lr/(1 + (t−1)·lr_decay); s += g'²; θ −= lr_t·g'/(√s + eps).
class Adagrad final : public UpdateRule {
 public:
  explicit Adagrad(AdagradOptions options = {}) : options_(options) {}

  std::string Name() const override { return "adagrad"; }
  void Reset(int num_params) override;
  void Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) override;

 private:
  AdagradOptions options_;
  std::vector<Scalar> sum_;
  long long t_ = 0;
};

}  // namespace optiscope
