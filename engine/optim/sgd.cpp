#include "engine/optim/sgd.h"

#include <cassert>

#include "engine/optim/span_map.h"

namespace optiscope {

void Sgd::Reset(int num_params) {
  buffer_.assign(options_.momentum != 0.0 ? static_cast<size_t>(num_params) : 0, Scalar{0});
  has_buffer_ = false;
}

void Sgd::Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) {
  assert(grad.size() == params.size());
  auto g = MapArray(grad);
  auto p = MapArray(params);
  const auto wd = static_cast<Scalar>(options_.weight_decay);
  const auto neg_lr = static_cast<Scalar>(-lr);
  if (options_.momentum == 0.0) {
    if (wd != 0) {
      p += neg_lr * (g + wd * p);
    } else {
      p += neg_lr * g;
    }
    return;
  }
  assert(buffer_.size() == params.size());
  auto b = MapArray(std::span<Scalar>(buffer_));
  const auto mu = static_cast<Scalar>(options_.momentum);
  const auto keep = static_cast<Scalar>(1.0 - options_.dampening);
  // d = g + wd·θ, evaluated lazily per coefficient (no temporary vector).
  auto d = g + wd * p;
  if (!has_buffer_) {
    b = d;
    has_buffer_ = true;
  } else {
    b = mu * b + keep * d;
  }
  if (options_.nesterov) {
    p += neg_lr * (d + mu * b);
  } else {
    p += neg_lr * b;
  }
}

}  // namespace optiscope
