// Adam and AMSGrad with coupled (L2) weight decay: the update rules "adam" and "amsgrad".
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/optim/update_rule.h"

namespace optiscope {

struct AdamOptions {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;  // coupled: g += weight_decay·θ (AdamW is the decoupled form)
  bool amsgrad = false;       // AMSGrad (Reddi et al. 2018): normalise by the running max of v
};

// Adam (Kingma & Ba 2015) exactly as torch.optim.Adam (PyTorch 1.13, single-tensor path):
// t += 1; g' = g + wd·θ; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
// AMSGrad: v_max = max(v_max, v) replaces v below;
// step = lr/(1−β1ᵗ); denom = √v/√(1−β2ᵗ) + eps; θ −= step·m/denom.
class Adam final : public UpdateRule {
 public:
  explicit Adam(AdamOptions options = {}, std::string name = "adam")
      : options_(options), name_(std::move(name)) {}

  std::string Name() const override { return name_; }
  void Reset(int num_params) override;
  void Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) override;
  bool SetMomentum(double momentum) override {
    options_.beta1 = momentum;
    return true;
  }

 private:
  AdamOptions options_;
  std::string name_;
  std::vector<Scalar> m_, v_, v_max_;
  long long t_ = 0;
};

}  // namespace optiscope
