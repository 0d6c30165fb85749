#include "engine/losses/custom_loss.h"

#include <cassert>
#include <cmath>

namespace optiscope {

template <class T>
double CustomLoss<T>::Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                               MatXMap<T>* grad) const {
  const Eigen::Index n = outputs.rows();
  const Eigen::Index k = outputs.cols();
  if (n == 0) return 0.0;
  double total = 0.0;
  double d = 0.0;
  if (!classification_) {
    const Eigen::Index count = outputs.size();
    assert(static_cast<Eigen::Index>(targets.size()) == count);
    const double inv = 1.0 / static_cast<double>(count);
    const T* z = outputs.data();
    T* g = grad ? grad->data() : nullptr;
    for (Eigen::Index i = 0; i < count; ++i) {
      total += expression_.ValueAndDerivative(static_cast<double>(z[i]),
                                              static_cast<double>(targets[i]), &d);
      if (g) g[i] = static_cast<T>(d * inv);
    }
    return total * inv;
  }
  assert(static_cast<Eigen::Index>(targets.size()) == n);
  const double inv_n = 1.0 / static_cast<double>(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto z = outputs.row(i);
    const Eigen::Index label = static_cast<Eigen::Index>(targets[i]);
    const double max = static_cast<double>(z.maxCoeff());
    double sum = 0.0;
    for (Eigen::Index c = 0; c < k; ++c) sum += std::exp(static_cast<double>(z[c]) - max);
    // Probabilities are recomputed on the fly rather than stored: nothing to allocate.
    auto prob = [&](Eigen::Index c) { return std::exp(static_cast<double>(z[c]) - max) / sum; };
    double mean_g = 0.0;  // sum_c p_c g_c
    for (Eigen::Index c = 0; c < k; ++c) {
      const double p = prob(c);
      total += expression_.ValueAndDerivative(p, c == label ? 1.0 : 0.0, &d);
      mean_g += p * d;
    }
    if (!grad) continue;
    for (Eigen::Index c = 0; c < k; ++c) {
      const double p = prob(c);
      expression_.ValueAndDerivative(p, c == label ? 1.0 : 0.0, &d);
      (*grad)(i, c) = static_cast<T>(p * (d - mean_g) * inv_n);
    }
  }
  return total * inv_n;
}

template class CustomLoss<float>;
template class CustomLoss<double>;

}  // namespace optiscope
