#include "engine/losses/cross_entropy_loss.h"

#include <cassert>
#include <cmath>

namespace optiscope {

template <class T>
double CrossEntropyLoss<T>::Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                                     MatXMap<T>* grad) const {
  const Eigen::Index n = outputs.rows();
  const int k = static_cast<int>(outputs.cols());
  assert(static_cast<Eigen::Index>(targets.size()) == n);
  if (n == 0) return 0.0;
  // W = sum_i w_{y_i}, known before the rows so that one pass gives value and gradient.
  double denominator = static_cast<double>(n);
  if (!weighting_.weights.empty()) {
    denominator = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
      denominator += static_cast<double>(weighting_.Of(static_cast<int>(targets[i])));
    }
  }
  if (!(denominator > 0)) {
    if (grad) grad->setZero();
    return 0.0;
  }
  const T e = smoothing_;
  const T smooth = e / static_cast<T>(k);
  const T total_w = weighting_.Total(k);
  const T inv_w = static_cast<T>(1.0 / denominator);
  double numerator = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto z = outputs.row(i);
    const int label = static_cast<int>(targets[i]);
    assert(label >= 0 && label < k);
    const T w_y = weighting_.Of(label);
    const T max = z.maxCoeff();
    T sum;
    if (grad) {
      auto g = grad->row(i);
      g = (z.array() - max).exp().matrix();
      sum = g.sum();
      // d/dz_ij = [ p_ij ((1-e) w_y + (e/K) sum_c w_c) - (1-e) w_y [j = y] - (e/K) w_j ] / W.
      g *= ((T(1) - e) * w_y + smooth * total_w) * inv_w / sum;
      g[label] -= (T(1) - e) * w_y * inv_w;
      if (e > 0) {
        for (int c = 0; c < k; ++c) g[c] -= smooth * weighting_.Of(c) * inv_w;
      }
    } else {
      sum = (z.array() - max).exp().sum();
    }
    const T lse = max + std::log(sum);
    numerator += static_cast<double>((T(1) - e) * w_y * (lse - z[label]));
    if (e > 0) {
      T s = 0;
      for (int c = 0; c < k; ++c) s += weighting_.Of(c) * (lse - z[c]);
      numerator += static_cast<double>(smooth * s);
    }
  }
  return numerator / denominator;
}

template class CrossEntropyLoss<float>;
template class CrossEntropyLoss<double>;

}  // namespace optiscope
