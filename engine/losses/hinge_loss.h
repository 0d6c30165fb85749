// Multi-class hinge loss (Crammer & Singer 2001), which is the standard hinge for 2 classes.
#pragma once

#include "engine/losses/class_weighting.h"
#include "engine/losses/loss.h"

namespace optiscope {

// Crammer & Singer, "On the Algorithmic Implementation of Multiclass Kernel-based Vector
// Machines", JMLR 2001: one margin per row against the strongest wrong class,
//   l_i = max(0, 1 + max_{j != y_i} z_ij - z_{i,y_i}),   L = sum_i w_{y_i} l_i / sum_i w_{y_i}.
// For K = 2 this is the standard binary hinge max(0, 1 - t s) with s = z1 - z0, t = +-1.
// (torch.nn.MultiMarginLoss is the one-vs-rest Weston-Watkins form that sums over every wrong
// class; this is not that.) Subgradient: +1 on the strongest wrong class, -1 on the target,
// 0 when the margin is met (ties: the lowest class id).
template <class T>
class HingeLoss final : public LossT<T> {
 public:
  explicit HingeLoss(std::vector<T> class_weights = {}) : weighting_{std::move(class_weights)} {}

  std::string Name() const override { return "hinge"; }
  int TargetWidth(int) const override { return 1; }
  double Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                  MatXMap<T>* grad) const override;

 private:
  ClassWeighting<T> weighting_;
};

}  // namespace optiscope
