// Softmax cross-entropy on raw scores (logits), fused with a numerically stable log-softmax,
// with optional class weights and label smoothing.
#pragma once

#include "engine/losses/class_weighting.h"
#include "engine/losses/loss.h"

namespace optiscope {

// With l_ic = logsumexp(z_i) - z_ic (the negative log-softmax), class ids y_i in [0, K) (stored
// as T), weights w_c (all 1 by default) and smoothing e:
//   L = [ (1 - e) sum_i w_{y_i} l_{i,y_i} + (e/K) sum_i sum_c w_c l_ic ] / sum_i w_{y_i}
// which is torch.nn.CrossEntropyLoss(weight=w, label_smoothing=e) with mean reduction (without
// weights and smoothing: mean_i l_{i,y_i}, gradient (softmax(z_i) - onehot(y_i)) / n). Binary
// problems use K = 2. logsumexp subtracts the row maximum first, so huge scores never overflow.
template <class T>
class CrossEntropyLoss final : public LossT<T> {
 public:
  CrossEntropyLoss() = default;
  // REQUIRES: weights empty or one per class, >= 0; 0 <= label_smoothing <= 1.
  CrossEntropyLoss(std::vector<T> class_weights, double label_smoothing)
      : weighting_{std::move(class_weights)}, smoothing_(static_cast<T>(label_smoothing)) {}

  std::string Name() const override { return "cross_entropy"; }
  int TargetWidth(int) const override { return 1; }
  double Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                  MatXMap<T>* grad) const override;

 private:
  ClassWeighting<T> weighting_;
  T smoothing_ = 0;
};

}  // namespace optiscope
