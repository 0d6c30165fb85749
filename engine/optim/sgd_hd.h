// SGD-HD: plain SGD whose learning rate adapts online by hypergradient descent ("sgd_hd").
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/optim/update_rule.h"

namespace optiscope {

struct SgdHdOptions {
  double hypergrad_beta = 1e-3;  // β: learning rate of the learning rate (the paper's 0.001)
  double weight_decay = 0.0;     // coupled: g += weight_decay·θ
};

// SGD-HD (Baydin, Cornish, Martínez Rubio, Schmidt & Wood, "Online Learning Rate Adaptation with
// Hypergradient Descent", ICLR 2018, Algorithm "SGD-HD"): with u_t = g_t the step direction,
//   h_t = g_t·u_{t−1} (0 on the first step),  α_t = α_{t−1} + β·h_t,  θ −= α_t·u_t.
// α_0 is the lr passed to the first Step after Reset. If the caller's lr changes between steps
// (a schedule), α is first rescaled by lr_t/lr_{t−1} (reset to lr_t when lr_{t−1} is 0), so a
// constant lr gives exactly the paper's rule. EffectiveLearningRate returns α_t of the last step.
class SgdHd final : public UpdateRule {
 public:
  explicit SgdHd(SgdHdOptions options = {}) : options_(options) {}

  std::string Name() const override { return "sgd_hd"; }
  void Reset(int num_params) override;
  void Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) override;
  double EffectiveLearningRate(double lr) const override { return started_ ? alpha_ : lr; }

 private:
  SgdHdOptions options_;
  std::vector<Scalar> prev_direction_;  // u_{t−1}
  bool started_ = false;
  double alpha_ = 0.0;
  double last_lr_ = 0.0;
};

}  // namespace optiscope
