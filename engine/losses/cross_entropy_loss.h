// Softmax cross-entropy on raw scores (logits), fused with a numerically stable log-softmax.
#pragma once

#include "engine/losses/loss.h"

namespace optiscope {

// L = mean_i [ logsumexp(z_i) - z_i[y_i] ] with class ids y_i in [0, K) (stored as T); the
// gradient is (softmax(z_i) - onehot(y_i)) / n. Same as torch.nn.CrossEntropyLoss (mean
// reduction). Binary problems use K = 2. logsumexp subtracts the row maximum first, so huge
// scores never overflow.
template <class T>
class CrossEntropyLoss final : public LossT<T> {
 public:
  std::string Name() const override { return "cross_entropy"; }
  int TargetWidth(int) const override { return 1; }
  double Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                  MatXMap<T>* grad) const override;
};

}  // namespace optiscope
