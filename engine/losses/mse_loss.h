// Mean squared error for regression heads.
#pragma once

#include "engine/losses/loss.h"

namespace optiscope {

// L = mean over all n*K entries of (z - y)^2; gradient 2(z - y)/(n*K). Same as torch.nn.MSELoss.
template <class T>
class MseLoss final : public LossT<T> {
 public:
  std::string Name() const override { return "mse"; }
  int TargetWidth(int num_outputs) const override { return num_outputs; }
  double Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                  MatXMap<T>* grad) const override;
};

}  // namespace optiscope
