#include "engine/optim/rmsprop.h"

#include <cassert>

#include "engine/optim/span_map.h"

namespace optiscope {

void Rmsprop::Reset(int num_params) {
  const auto n = static_cast<size_t>(num_params);
  square_avg_.assign(n, Scalar{0});
  grad_avg_.assign(options_.centered ? n : 0, Scalar{0});
  buffer_.assign(options_.momentum > 0.0 ? n : 0, Scalar{0});
}

void Rmsprop::Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) {
  assert(grad.size() == params.size() && square_avg_.size() == params.size());
  auto p = MapArray(params);
  auto v = MapArray(std::span<Scalar>(square_avg_));
  const auto wd = static_cast<Scalar>(options_.weight_decay);
  auto g = MapArray(grad) + wd * p;  // lazy, evaluated per coefficient
  const auto a = static_cast<Scalar>(options_.alpha);
  const auto one_minus_a = static_cast<Scalar>(1.0 - options_.alpha);
  const auto eps = static_cast<Scalar>(options_.eps);
  const auto neg_lr = static_cast<Scalar>(-lr);
  v = a * v + one_minus_a * g * g;
  auto apply = [&](const auto& denom) {
    if (options_.momentum > 0.0) {
      auto b = MapArray(std::span<Scalar>(buffer_));
      b = static_cast<Scalar>(options_.momentum) * b + g / denom;
      p += neg_lr * b;
    } else {
      p += neg_lr * g / denom;
    }
  };
  if (options_.centered) {
    auto gbar = MapArray(std::span<Scalar>(grad_avg_));
    gbar = a * gbar + one_minus_a * g;
    apply((v - gbar * gbar).max(Scalar{0}).sqrt() + eps);
  } else {
    apply(v.sqrt() + eps);
  }
}

}  // namespace optiscope
