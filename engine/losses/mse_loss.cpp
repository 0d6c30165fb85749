#include "engine/losses/mse_loss.h"

#include <cassert>

namespace optiscope {

template <class T>
double MseLoss<T>::Evaluate(const ConstMatXMap<T>& outputs, std::span<const T> targets,
                            MatXMap<T>* grad) const {
  const Eigen::Index count = outputs.size();
  assert(static_cast<Eigen::Index>(targets.size()) == count);
  if (count == 0) return 0.0;
  ConstMatXMap<T> y(targets.data(), outputs.rows(), outputs.cols());
  double total = 0.0;
  for (Eigen::Index i = 0; i < outputs.rows(); ++i) {
    total += static_cast<double>((outputs.row(i) - y.row(i)).squaredNorm());
  }
  if (grad) grad->noalias() = (T(2) / static_cast<T>(count)) * (outputs - y);
  return total / static_cast<double>(count);
}

template class MseLoss<float>;
template class MseLoss<double>;

}  // namespace optiscope
