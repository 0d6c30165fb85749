#include "engine/losses/focal_loss.h"

#include <cassert>
#include <cmath>

namespace optiscope {

template <class T>
double FocalLoss<T>::Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                              MatXMap<T>* grad) const {
  const Eigen::Index n = outputs.rows();
  const int k = static_cast<int>(outputs.cols());
  assert(static_cast<Eigen::Index>(targets.size()) == n);
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
    const auto z = outputs.row(i);
    const int label = static_cast<int>(targets[i]);
    assert(label >= 0 && label < k);
    T a = weighting_.Of(label);
    if (alpha_ >= 0 && k == 2) a *= label == 1 ? alpha_ : T(1) - alpha_;
    const T max = z.maxCoeff();
    const T sum = (z.array() - max).exp().sum();
    const T log_p = z[label] - max - std::log(sum);  // log p_t
    const T p = std::exp(log_p);
    const T q = -std::expm1(log_p);  // 1 - p_t
    const T q_gamma = gamma_ == 0 ? T(1) : std::pow(q, gamma_);
    numerator += static_cast<double>(-a * q_gamma * log_p);
    if (grad) {
      // dl/dz_j = a * h * (p_j - [j = y]) with h = (1-p)^g - g p (1-p)^(g-1) log p, from
      // dl/dp_t = a (g (1-p)^(g-1) log p - (1-p)^g / p) and dp_t/dz_j = p_t ([j = y] - p_j).
      const T q_gm1 = gamma_ == 0 || q == 0 ? T(0) : gamma_ * std::pow(q, gamma_ - T(1));
      const T h = q_gamma - q_gm1 * p * log_p;
      auto g = grad->row(i);
      g = (z.array() - max).exp().matrix() * (a * h * inv_w / sum);
      g[label] -= a * h * inv_w;
    }
  }
  return numerator / denominator;
}

template class FocalLoss<float>;
template class FocalLoss<double>;

}  // namespace optiscope
