// AdamMoments: the exponential moving averages of the gradient and its square that Adam, AMSGrad,
// AdamW, NAdam and Adam-HD share (Kingma & Ba 2015, Algorithm 1).
#pragma once

#include <span>
#include <vector>

#include "engine/optim/span_map.h"

namespace optiscope {

// m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g², coefficient by coefficient in Scalar arithmetic (as
// torch's single-tensor path). Not thread-safe; one per update rule.
class AdamMoments {
 public:
  // Zeroes both moments for `num_params` parameters (allocates).
  void Reset(int num_params) {
    m_.assign(static_cast<size_t>(num_params), Scalar{0});
    v_.assign(static_cast<size_t>(num_params), Scalar{0});
  }

  // Folds `g` (an Eigen array expression of size(); it is evaluated twice, so it must not read
  // the moments) into both moments. Does not allocate.
  template <class Gradient>
  void Update(const Gradient& g, double beta1, double beta2) {
    auto m = MapArray(std::span<Scalar>(m_));
    auto v = MapArray(std::span<Scalar>(v_));
    m = static_cast<Scalar>(beta1) * m + static_cast<Scalar>(1.0 - beta1) * g;
    v = static_cast<Scalar>(beta2) * v + static_cast<Scalar>(1.0 - beta2) * g * g;
  }

  size_t size() const { return m_.size(); }
  Eigen::Map<ScalarArray> m() { return MapArray(std::span<Scalar>(m_)); }
  Eigen::Map<ScalarArray> v() { return MapArray(std::span<Scalar>(v_)); }

 private:
  std::vector<Scalar> m_, v_;
};

}  // namespace optiscope
