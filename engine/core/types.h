// Scalar and matrix aliases shared by the whole engine.
#pragma once

#include <Eigen/Core>

namespace optiscope {

using Scalar = float;  // model math; statistics and hyperparameter search use double
using Mat = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using RowVec = Eigen::Matrix<Scalar, 1, Eigen::Dynamic>;
using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VecD = Eigen::VectorXd;
using MatMap = Eigen::Map<Mat>;
using ConstMatMap = Eigen::Map<const Mat>;
using MatRef = Eigen::Ref<const Mat>;

}  // namespace optiscope
