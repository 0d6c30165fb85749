#include "engine/optim/nadam.h"

#include <cassert>
#include <cmath>

#include "engine/optim/span_map.h"

namespace optiscope {

void Nadam::Reset(int num_params) {
  moments_.Reset(num_params);
  t_ = 0;
  mu_product_ = 1.0;
}

void Nadam::Step(std::span<const Scalar> grad, double lr, std::span<Scalar> params) {
  assert(grad.size() == params.size() && moments_.size() == params.size());
  auto p = MapArray(params);
  auto m = moments_.m();
  auto v = moments_.v();
  ++t_;
  const double b1 = options_.beta1, b2 = options_.beta2, psi = options_.momentum_decay;
  const double t = static_cast<double>(t_);
  const double mu = b1 * (1.0 - 0.5 * std::pow(0.96, t * psi));
  const double mu_next = b1 * (1.0 - 0.5 * std::pow(0.96, (t + 1.0) * psi));
  mu_product_ *= mu;
  const double mu_product_next =
      options_.torch_1_13_mu_product ? mu_product_ * mu * mu_next : mu_product_ * mu_next;
  const double bc2 = 1.0 - std::pow(b2, t);

  const auto wd = static_cast<Scalar>(options_.weight_decay);
  auto g = MapArray(grad) + wd * p;  // lazy, evaluated per coefficient
  moments_.Update(g, b1, b2);
  const auto coef_g = static_cast<Scalar>(-lr * (1.0 - mu) / (1.0 - mu_product_));
  const auto coef_m = static_cast<Scalar>(-lr * mu_next / (1.0 - mu_product_next));
  const auto inv_bc2 = static_cast<Scalar>(1.0 / bc2);
  const auto eps = static_cast<Scalar>(options_.eps);
  p += (coef_g * g + coef_m * m) / ((v * inv_bc2).sqrt() + eps);
}

}  // namespace optiscope
