#include "engine/losses/pointwise_loss.h"

#include <cassert>
#include <cmath>
#include <numbers>

namespace optiscope {

template <class T>
std::string PointwiseLoss<T>::Name() const {
  switch (kind_) {
    case PointwiseKind::kMae:
      return "mae";
    case PointwiseKind::kHuber:
      return "huber";
    case PointwiseKind::kLogCosh:
      return "log_cosh";
  }
  return "?";
}

template <class T>
double PointwiseLoss<T>::Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                                  MatXMap<T>* grad) const {
  const Eigen::Index count = outputs.size();
  assert(static_cast<Eigen::Index>(targets.size()) == count);
  if (count == 0) return 0.0;
  const T* z = outputs.data();
  const T* y = targets.data();
  T* g = grad ? grad->data() : nullptr;
  const T inv = T(1) / static_cast<T>(count);
  const T delta = static_cast<T>(delta_);
  const T log2 = static_cast<T>(std::numbers::ln2);
  double total = 0.0;
  for (Eigen::Index i = 0; i < count; ++i) {
    const T r = z[i] - y[i];
    const T a = std::abs(r);
    const T sign = r > 0 ? T(1) : (r < 0 ? T(-1) : T(0));
    T f = T(0), d = T(0);  // every PointwiseKind sets both below
    switch (kind_) {
      case PointwiseKind::kMae:
        f = a;
        d = sign;
        break;
      case PointwiseKind::kHuber:
        if (a <= delta) {
          f = T(0.5) * r * r;
          d = r;
        } else {
          f = delta * (a - T(0.5) * delta);
          d = delta * sign;
        }
        break;
      case PointwiseKind::kLogCosh:
        f = a + std::log1p(std::exp(T(-2) * a)) - log2;
        d = std::tanh(r);
        break;
    }
    total += static_cast<double>(f);
    if (g) g[i] = d * inv;
  }
  return total / static_cast<double>(count);
}

template class PointwiseLoss<float>;
template class PointwiseLoss<double>;

}  // namespace optiscope
