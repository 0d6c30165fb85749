// Adam-HD: Adam whose learning rate adapts online by hypergradient descent ("adam_hd").
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/optim/adam_moments.h"
#include "engine/optim/update_rule.h"

namespace optiscope {

struct AdamHdOptions {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;     // coupled: g += weight_decay·θ
  double hypergrad_beta = 1e-7;  // β: learning rate of the learning rate (the paper's 1e-7)
};

// Adam-HD (Baydin et al., "Online Learning Rate Adaptation with Hypergradient Descent", ICLR 2018,
// Algorithm "Adam-HD"): with u_t = m̂_t/(√v̂_t + eps) the Adam direction (m̂ = m/(1−β1ᵗ),
// v̂ = v/(1−β2ᵗ), i.e. torch.optim.Adam's step), h_t = g_t·u_{t−1} (0 on the first step),
// α_t = α_{t−1} + β·h_t, θ −= α_t·u_t. u_{t−1} is recomputed from the moments before they are
// updated, so no extra buffer is kept. α_0 and schedule changes as in SgdHd.
class AdamHd final : public UpdateRule {
 public:
  explicit AdamHd(AdamHdOptions options = {}) : options_(options) {}

  std::string Name() const override { return "adam_hd"; }
  void Reset(int num_params) override;
  void Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) override;
  double EffectiveLearningRate(double lr) const override { return t_ > 0 ? alpha_ : lr; }

 private:
  AdamHdOptions options_;
  AdamMoments moments_;
  long long t_ = 0;
  double alpha_ = 0.0;
  double last_lr_ = 0.0;
};

}  // namespace optiscope
