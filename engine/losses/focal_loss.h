// Focal loss (Lin et al. 2017) on softmax probabilities, with optional alpha and class weights.
#pragma once

#include "engine/losses/class_weighting.h"
#include "engine/losses/loss.h"

namespace optiscope {

// Lin, Goyal, Girshick, He, Dollar, "Focal Loss for Dense Object Detection", ICCV 2017:
//   p_t = softmax(z_i)_{y_i},  l_i = -a_t (1 - p_t)^gamma log p_t,
//   L = sum_i w_{y_i} l_i / sum_i w_{y_i}
// a_t = alpha for class 1 and 1 - alpha for class 0 when alpha >= 0 (2 classes only), else 1.
// For 2 classes softmax(z)_1 = sigmoid(z1 - z0), so this is the paper's sigmoid form
// (torchvision.ops.sigmoid_focal_loss on s = z1 - z0). gamma = 0 and no alpha: cross-entropy.
// log p_t is a log-softmax and 1 - p_t = -expm1(log p_t), so confident rows lose no precision.
template <class T>
class FocalLoss final : public LossT<T> {
 public:
  // REQUIRES: gamma >= 0; alpha < 0 (off) or in [0, 1] with 2 outputs.
  FocalLoss(double gamma, double alpha, std::vector<T> class_weights = {})
      : gamma_(static_cast<T>(gamma)),
        alpha_(static_cast<T>(alpha)),
        weighting_{std::move(class_weights)} {}

  std::string Name() const override { return "focal"; }
  int TargetWidth(int) const override { return 1; }
  double Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                  MatXMap<T>* grad) const override;

 private:
  T gamma_;
  T alpha_;
  ClassWeighting<T> weighting_;
};

}  // namespace optiscope
