// Scalar and matrix aliases shared by the whole engine.
#pragma once

#include <Eigen/Core>
#include <limits>

namespace optiscope {

// "No value" in statistics, metrics and study values (written as null in JSON).
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();

using Scalar = float;  // model math; statistics and hyperparameter search use double
using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using RowVec = Eigen::Matrix<Scalar, 1, Eigen::Dynamic>;
using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VecD = Eigen::VectorXd;
using MatMap = Eigen::Map<Mat>;
using ConstMatMap = Eigen::Map<const Mat>;
using MatRef = Eigen::Ref<const Mat>;

// Row-major matrices over any scalar: models and losses are templates so that a double
// instantiation exists for finite-difference gradient checks; training uses Scalar (float).
template <class T>
using MatX = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T>
using MatXMap = Eigen::Map<MatX<T>>;
template <class T>
using ConstMatXMap = Eigen::Map<const MatX<T>>;

// A read-only view of a whole matrix, or of its first `rows` rows (row-major, so contiguous).
template <class T>
ConstMatXMap<T> View(const MatX<T>& m, int rows = -1) {
  return ConstMatXMap<T>(m.data(), rows < 0 ? m.rows() : rows, m.cols());
}

}  // namespace optiscope
