#include "engine/losses/hinge_loss.h"

#include <cassert>

namespace optiscope {

template <class T>
double HingeLoss<T>::Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                              MatXMap<T>* grad) const {
  const Eigen::Index n = outputs.rows();
  const int k = static_cast<int>(outputs.cols());
  assert(k >= 2 && static_cast<Eigen::Index>(targets.size()) == n);
  if (grad) grad->setZero();
  if (n == 0) return 0.0;
  double denominator = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    denominator += static_cast<double>(weighting_.Of(static_cast<int>(targets[i])));
  }
  if (!(denominator > 0)) return 0.0;
  const T inv_w = static_cast<T>(1.0 / denominator);
  double numerator = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const int label = static_cast<int>(targets[i]);
    int rival = label == 0 ? 1 : 0;
    for (int j = 0; j < k; ++j) {
      if (j != label && outputs(i, j) > outputs(i, rival)) rival = j;
    }
    const T margin = T(1) + outputs(i, rival) - outputs(i, label);
    if (margin <= 0) continue;
    const T w = weighting_.Of(label);
    numerator += static_cast<double>(w * margin);
    if (grad) {
      (*grad)(i, rival) = w * inv_w;
      (*grad)(i, label) = -w * inv_w;
    }
  }
  return numerator / denominator;
}

template class HingeLoss<float>;
template class HingeLoss<double>;

}  // namespace optiscope
