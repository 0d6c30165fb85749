#include "engine/optim/adagrad.h"

#include <cassert>

#include "engine/optim/span_map.h"

namespace optiscope {

void Adagrad::Reset(int num_params) {
  sum_.assign(static_cast<size_t>(num_params), static_cast<Scalar>(options_.initial_accumulator));
  t_ = 0;
}

void Adagrad::Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) {
  assert(grad.size() == params.size() && sum_.size() == params.size());
  auto p = MapArray(params);
  auto s = MapArray(std::span<Scalar>(sum_));
  ++t_;
  const auto wd = static_cast<Scalar>(options_.weight_decay);
  auto g = MapArray(grad) + wd * p;  // lazy, evaluated per coefficient
  const double lr_t = lr / (1.0 + static_cast<double>(t_ - 1) * options_.lr_decay);
  s += g * g;
  p += static_cast<Scalar>(-lr_t) * g / (s.sqrt() + static_cast<Scalar>(options_.eps));
}

}  // namespace optiscope
