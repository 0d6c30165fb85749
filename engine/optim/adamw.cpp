#include "engine/optim/adamw.h"

#include <cassert>
#include <cmath>

#include "engine/optim/span_map.h"

namespace optiscope {

void AdamW::Reset(int num_params) {
  const auto n = static_cast<size_t>(num_params);
  m_.assign(n, Scalar{0});
  v_.assign(n, Scalar{0});
  v_max_.assign(options_.amsgrad ? n : 0, Scalar{0});
  t_ = 0;
}

void AdamW::Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) {
  assert(grad.size() == params.size() && m_.size() == params.size());
  auto g = MapArray(grad);
  auto p = MapArray(params);
  auto m = MapArray(std::span<Scalar>(m_));
  auto v = MapArray(std::span<Scalar>(v_));
  ++t_;
  if (options_.weight_decay != 0.0) p *= static_cast<Scalar>(1.0 - lr * options_.weight_decay);
  const double b1 = options_.beta1, b2 = options_.beta2;
  m = static_cast<Scalar>(b1) * m + static_cast<Scalar>(1.0 - b1) * g;
  v = static_cast<Scalar>(b2) * v + static_cast<Scalar>(1.0 - b2) * g * g;
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
