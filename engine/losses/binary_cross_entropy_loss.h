// Binary cross-entropy with a sigmoid output, for 2-class tasks, with class weights and label
// smoothing.
#pragma once

#include "engine/losses/class_weighting.h"
#include "engine/losses/loss.h"

namespace optiscope {

// The model has 2 outputs (z0, z1), as for every classification head here; the logit of class 1
// is s = z1 - z0 (sigmoid(s) equals softmax's probability of class 1, so predictions and accuracy
// are unchanged). With target t in {0, 1}, smoothed t' = t(1 - e) + e/2 and weights w:
//   l_i = softplus(s_i) - t'_i s_i        (= -t' log sigmoid(s) - (1 - t') log(1 - sigmoid(s)))
//   L   = sum_i w_{t_i} l_i / sum_i w_{t_i}
// i.e. torch.nn.BCEWithLogitsLoss on s with per-row weights w_{t_i}, normalised like
// CrossEntropyLoss's weighted mean (unweighted: the plain mean). dl/ds = sigmoid(s) - t'.
template <class T>
class BinaryCrossEntropyLoss final : public LossT<T> {
 public:
  // REQUIRES: weights empty or 2 values >= 0; 0 <= label_smoothing <= 1.
  BinaryCrossEntropyLoss(std::vector<T> class_weights = {}, double label_smoothing = 0.0)
      : weighting_{std::move(class_weights)}, smoothing_(static_cast<T>(label_smoothing)) {}

  std::string Name() const override { return "bce"; }
  int TargetWidth(int) const override { return 1; }
  // REQUIRES: outputs.cols() == 2.
  double Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                  MatXMap<T>* grad) const override;

 private:
  ClassWeighting<T> weighting_;
  T smoothing_ = 0;
};

}  // namespace optiscope
