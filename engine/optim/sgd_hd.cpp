#include "engine/optim/sgd_hd.h"

#include <cassert>

#include "engine/optim/hypergradient.h"
#include "engine/optim/span_map.h"

namespace optiscope {

void SgdHd::Reset(int num_params) {
  prev_direction_.assign(static_cast<size_t>(num_params), Scalar{0});
  started_ = false;
  alpha_ = 0.0;
  last_lr_ = 0.0;
}

void SgdHd::Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) {
  assert(grad.size() == params.size() && prev_direction_.size() == params.size());
  auto p = MapArray(params);
  auto u_prev = MapArray(std::span<Scalar>(prev_direction_));
  const auto wd = static_cast<Scalar>(options_.weight_decay);
  auto g = MapArray(grad) + wd * p;  // lazy, evaluated per coefficient
  double h = 0.0;
  if (started_) h = static_cast<double>((g * u_prev).sum());
  alpha_ = AdvanceHypergradientRate(started_, alpha_, last_lr_, lr, options_.hypergrad_beta * h);
  started_ = true;
  last_lr_ = lr;
  u_prev = g;
  p -= static_cast<Scalar>(alpha_) * u_prev;
}

}  // namespace optiscope
