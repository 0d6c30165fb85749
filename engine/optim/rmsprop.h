// RMSprop, plain or centered, with optional momentum: the update rule "rmsprop".
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/optim/update_rule.h"

namespace optiscope {

struct RmspropOptions {
  double alpha = 0.99;        // smoothing constant of the squared-gradient average
  double eps = 1e-8;          // added outside the square root
  double weight_decay = 0.0;  // coupled: g += weight_decay·θ
  double momentum = 0.0;
  bool centered = false;  // normalise by the estimated variance instead of the raw 2nd moment
};

// RMSprop (Tieleman & Hinton 2012; centered form from Graves 2013) exactly as torch.optim.RMSprop
// (PyTorch 1.13): g' = g + wd·θ; v = α·v + (1−α)·g'²; centered: ḡ = α·ḡ + (1−α)·g' and
// denom = √(v − ḡ²) + eps, else denom = √v + eps (no bias correction); with momentum
// b = μ·b + g'/denom and θ −= lr·b, else θ −= lr·g'/denom. (v − ḡ² is clamped at 0 where rounding
// would make it negative; PyTorch would produce NaN there.)
class Rmsprop final : public UpdateRule {
 public:
  explicit Rmsprop(RmspropOptions options = {}) : options_(options) {}

  std::string Name() const override { return "rmsprop"; }
  void Reset(int num_params) override;
  void Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) override;

 private:
  RmspropOptions options_;
  std::vector<Scalar> square_avg_, grad_avg_, buffer_;
};

}  // namespace optiscope
