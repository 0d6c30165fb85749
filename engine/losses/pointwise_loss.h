// Element-wise regression losses beyond MSE: mean absolute error, Huber and log-cosh.
#pragma once

#include "engine/losses/loss.h"

namespace optiscope {

enum class PointwiseKind { kMae, kHuber, kLogCosh };

// L = mean over all n*K entries of f(r), r = z - y:
//   mae:      f = |r|, f' = sign(r) (0 at r = 0)                      torch.nn.L1Loss
//   huber:    f = r^2/2 if |r| <= delta else delta(|r| - delta/2)      torch.nn.HuberLoss(delta)
//             (Huber 1964, "Robust Estimation of a Location Parameter")
//   log_cosh: f = log(cosh(r)) = |r| + log1p(exp(-2|r|)) - log 2, f' = tanh(r) (overflow-free)
template <class T>
class PointwiseLoss final : public LossT<T> {
 public:
  // REQUIRES: delta > 0 (huber only).
  explicit PointwiseLoss(PointwiseKind kind, double delta = 1.0) : kind_(kind), delta_(delta) {}

  std::string Name() const override;
  int TargetWidth(int num_outputs) const override { return num_outputs; }
  double Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                  MatXMap<T>* grad) const override;

 private:
  PointwiseKind kind_;
  double delta_;
};

}  // namespace optiscope
