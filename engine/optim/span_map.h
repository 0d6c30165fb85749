// Eigen array views over std::span, so update rules run vectorised loops without copying.
#pragma once

#include <Eigen/Core>
#include <span>

#include "engine/core/types.h"

namespace optiscope {

using ScalarArray = Eigen::Array<Scalar, Eigen::Dynamic, 1>;

// A writable 1-D Eigen array aliasing `s` (no copy, no allocation).
inline Eigen::Map<ScalarArray> MapArray(std::span<Scalar> s) {
  return Eigen::Map<ScalarArray>(s.data(), static_cast<Eigen::Index>(s.size()));
}

// A read-only 1-D Eigen array aliasing `s` (no copy, no allocation).
inline Eigen::Map<const ScalarArray> MapArray(std::span<const Scalar> s) {
  return Eigen::Map<const ScalarArray>(s.data(), static_cast<Eigen::Index>(s.size()));
}

// The dot product of two equally long spans, accumulated in double (L-BFGS and its line search).
inline double Dot(std::span<const Scalar> a, std::span<const Scalar> b) {
  return (MapArray(a).cast<double>() * MapArray(b).cast<double>()).sum();
}

}  // namespace optiscope
