#include "engine/losses/binary_cross_entropy_loss.h"

#include <cassert>
#include <cmath>

namespace optiscope {

template <class T>
double BinaryCrossEntropyLoss<T>::Evaluate(const ConstMatXMap<T>& outputs,
                                           std::span<const T> targets, MatXMap<T>* grad) const {
  const Eigen::Index n = outputs.rows();
  assert(outputs.cols() == 2 && static_cast<Eigen::Index>(targets.size()) == n);
  if (n == 0) return 0.0;
  double denominator = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    denominator += static_cast<double>(weighting_.Of(static_cast<int>(targets[i])));
  }
  if (!(denominator > 0)) {
    if (grad) grad->setZero();
    return 0.0;
  }
  const T inv_w = static_cast<T>(1.0 / denominator);
  double numerator = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const int label = static_cast<int>(targets[i]);
    const T w = weighting_.Of(label);
    const T t = static_cast<T>(label) * (T(1) - smoothing_) + smoothing_ / T(2);
    const T s = outputs(i, 1) - outputs(i, 0);
    // softplus(s) = max(s, 0) + log1p(exp(-|s|)) never overflows.
    const T e = std::exp(-std::abs(s));
    const T softplus = std::max(s, T(0)) + std::log1p(e);
    numerator += static_cast<double>(w * (softplus - t * s));
    if (grad) {
      const T sigmoid = s >= 0 ? T(1) / (T(1) + e) : e / (T(1) + e);
      const T d = w * (sigmoid - t) * inv_w;
      (*grad)(i, 0) = -d;
      (*grad)(i, 1) = d;
    }
  }
  return numerator / denominator;
}

template class BinaryCrossEntropyLoss<float>;
template class BinaryCrossEntropyLoss<double>;

}  // namespace optiscope
