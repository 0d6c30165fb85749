// Adam, AMSGrad and AdamW (Adam with decoupled weight decay): the update rules "adam", "amsgrad"
// and "adamw".
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/optim/adam_moments.h"
#include "engine/optim/update_rule.h"

namespace optiscope {

struct AdamOptions {
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0.0;
  // false: coupled (L2) decay, g += weight_decay·θ (torch.optim.Adam). true: decoupled decay,
  // θ ← θ·(1 − lr·weight_decay) before the step, the gradient not decayed (torch.optim.AdamW,
  // Loshchilov & Hutter 2019; torch.optim.Adam(decoupled_weight_decay=True) in later PyTorch).
  bool decoupled_weight_decay = false;
  bool amsgrad = false;  // AMSGrad (Reddi et al. 2018): normalise by the running max of v
};

// Adam (Kingma & Ba 2015) exactly as torch.optim.Adam / AdamW (PyTorch 1.13, single-tensor path):
// t += 1; decoupled: θ ← θ·(1 − lr·wd), g' = g; coupled: g' = g + wd·θ;
// m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²; AMSGrad: v_max = max(v_max, v) replaces v below;
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
  AdamMoments moments_;
  std::vector<Scalar> v_max_;
  long long t_ = 0;
};

}  // namespace optiscope
