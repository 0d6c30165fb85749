#include "engine/optim/adam_hd.h"

#include <cassert>
#include <cmath>

#include "engine/optim/hypergradient.h"
#include "engine/optim/span_map.h"

namespace optiscope {

void AdamHd::Reset(int num_params) {
  moments_.Reset(num_params);
  t_ = 0;
  alpha_ = 0.0;
  last_lr_ = 0.0;
}

void AdamHd::Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) {
  assert(grad.size() == params.size() && moments_.size() == params.size());
  auto p = MapArray(params);
  auto m = moments_.m();
  auto v = moments_.v();
  const double b1 = options_.beta1, b2 = options_.beta2;
  const auto eps = static_cast<Scalar>(options_.eps);
  const auto wd = static_cast<Scalar>(options_.weight_decay);
  auto g = MapArray(grad) + wd * p;  // lazy, evaluated per coefficient
  double h = 0.0;
  if (t_ > 0) {
    // u_{t−1} = (m/bc1)/(√v/√bc2 + eps) with the previous step's moments and bias corrections.
    const double prev = static_cast<double>(t_);
    const auto inv_bc1 = static_cast<Scalar>(1.0 / (1.0 - std::pow(b1, prev)));
    const auto inv_bc2_sqrt = static_cast<Scalar>(1.0 / std::sqrt(1.0 - std::pow(b2, prev)));
    h = static_cast<double>((g * (m * inv_bc1) / (v.sqrt() * inv_bc2_sqrt + eps)).sum());
  }
  alpha_ = AdvanceHypergradientRate(t_ > 0, alpha_, last_lr_, lr, options_.hypergrad_beta * h);
  last_lr_ = lr;
  ++t_;
  moments_.Update(g, b1, b2);
  const double t = static_cast<double>(t_);
  const auto neg_step = static_cast<Scalar>(-alpha_ / (1.0 - std::pow(b1, t)));
  const auto inv_bc2_sqrt = static_cast<Scalar>(1.0 / std::sqrt(1.0 - std::pow(b2, t)));
  p += neg_step * m / (v.sqrt() * inv_bc2_sqrt + eps);
}

}  // namespace optiscope
