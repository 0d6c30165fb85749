// NAdam: Adam with Nesterov momentum and a momentum-decay schedule, the update rule "nadam".
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/optim/adam_moments.h"
#include "engine/optim/update_rule.h"

namespace optiscope {

struct NadamOptions {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;     // coupled: g += weight_decay·θ
  double momentum_decay = 4e-3;  // ψ in μ_t = β1·(1 − ½·0.96^(t·ψ))
  // PyTorch 1.13 (the version installed here) computes the next momentum product as
  // Π_{i≤t}μ_i · μ_t · μ_{t+1}, an extra factor μ_t that later PyTorch releases removed. false (the
  // default) follows Dozat 2016 and PyTorch >= 2.0; true reproduces 1.13 bit for bit.
  bool torch_1_13_mu_product = false;
};

// NAdam (Dozat 2016) as torch.optim.NAdam: t += 1; g' = g + wd·θ;
// μ_t = β1·(1 − ½·0.96^(tψ)), μ_{t+1} likewise; P_t = Π_{i≤t}μ_i, P_{t+1} = P_t·μ_{t+1};
// m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²; denom = √(v/(1−β2ᵗ)) + eps;
// θ −= lr·(1−μ_t)/(1−P_t)·g'/denom + lr·μ_{t+1}/(1−P_{t+1})·m/denom.
class Nadam final : public UpdateRule {
 public:
  explicit Nadam(NadamOptions options = {}) : options_(options) {}

  std::string Name() const override { return "nadam"; }
  void Reset(int num_params) override;
  void Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) override;

 private:
  NadamOptions options_;
  AdamMoments moments_;
  long long t_ = 0;
  double mu_product_ = 1.0;
};

}  // namespace optiscope
