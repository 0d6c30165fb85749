#include "engine/optim/adam.h"

#include <cassert>
#include <cmath>

namespace optiscope {

void Adam::Reset(int num_params) {
  moments_.Reset(num_params);
  v_max_.assign(options_.amsgrad ? static_cast<size_t>(num_params) : 0, Scalar{0});
  t_ = 0;
}

void Adam::Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) {
  assert(grad.size() == params.size() && moments_.size() == params.size());
  auto p = MapArray(params);
  ++t_;
  const double b1 = options_.beta1, b2 = options_.beta2;
  if (options_.decoupled_weight_decay) {
    if (options_.weight_decay != 0.0) p *= static_cast<Scalar>(1.0 - lr * options_.weight_decay);
    moments_.Update(MapArray(grad), b1, b2);
  } else {
    const auto wd = static_cast<Scalar>(options_.weight_decay);
    moments_.Update(MapArray(grad) + wd * p, b1, b2);  // lazy: evaluated per coefficient
  }
  auto m = moments_.m();
  auto v = moments_.v();
  const double bc1 = 1.0 - std::pow(b1, static_cast<double>(t_));
  const double bc2 = 1.0 - std::pow(b2, static_cast<double>(t_));
  const auto neg_step = static_cast<Scalar>(-lr / bc1);
  const auto inv_bc2_sqrt = static_cast<Scalar>(1.0 / std::sqrt(bc2));
  const auto eps = static_cast<Scalar>(options_.eps);
  if (options_.amsgrad) {
    auto vmax = MapArray(std::span<Scalar>(v_max_));
    vmax = vmax.max(v);
    p += neg_step * m / (vmax.sqrt() * inv_bc2_sqrt + eps);
  } else {
    p += neg_step * m / (v.sqrt() * inv_bc2_sqrt + eps);
  }
}

}  // namespace optiscope
