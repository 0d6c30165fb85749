// AdamW: Adam with decoupled weight decay, the update rule "adamw".
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/optim/update_rule.h"

namespace optiscope {

struct AdamWOptions {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 1e-2;  // decoupled: θ ← θ·(1 − lr·weight_decay) before the Adam step
  bool amsgrad = false;
};

// AdamW (Loshchilov & Hutter 2019) exactly as torch.optim.AdamW (PyTorch 1.13): t += 1;
// θ ← θ·(1 − lr·wd); m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; (AMSGrad: v_max = max(v_max, v));
// θ −= lr/(1−β1ᵗ) · m/(√v/√(1−β2ᵗ) + eps). The gradient itself is not decayed.
class AdamW final : public UpdateRule {
 public:
  explicit AdamW(AdamWOptions options = {}, std::string name = "adamw")
      : options_(options), name_(std::move(name)) {}

  std::string Name() const override { return name_; }
  void Reset(int num_params) override;
  void Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) override;
  bool SetMomentum(double momentum) override {
    options_.beta1 = momentum;
    return true;
  }

 private:
  AdamWOptions options_;
  std::string name_;
  std::vector<Scalar> m_, v_, v_max_;
  long long t_ = 0;
};

}  // namespace optiscope
