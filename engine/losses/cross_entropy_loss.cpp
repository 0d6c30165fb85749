#include "engine/losses/cross_entropy_loss.h"

#include <cassert>
#include <cmath>

namespace optiscope {

template <class T>
double CrossEntropyLoss<T>::Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                                     MatXMap<T>* grad) const {
  const Eigen::Index n = outputs.rows();
  assert(static_cast<Eigen::Index>(targets.size()) == n);
  if (n == 0) return 0.0;
  const T inv_n = T(1) / static_cast<T>(n);
  double total = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto z = outputs.row(i);
    const int label = static_cast<int>(targets[i]);
    assert(label >= 0 && label < outputs.cols());
    const T max = z.maxCoeff();
    if (grad) {
      auto g = grad->row(i);
      g = (z.array() - max).exp().matrix();
      const T sum = g.sum();
      total += static_cast<double>(max + std::log(sum) - z[label]);
      g *= inv_n / sum;
      g[label] -= inv_n;
    } else {
      const T sum = (z.array() - max).exp().sum();
      total += static_cast<double>(max + std::log(sum) - z[label]);
    }
  }
  return total / static_cast<double>(n);
}

template class CrossEntropyLoss<float>;
template class CrossEntropyLoss<double>;

}  // namespace optiscope
