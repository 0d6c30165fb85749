#include "engine/models/least_squares.h"

#include <Eigen/Cholesky>
#include <Eigen/QR>

namespace optiscope {

Result<std::vector<Scalar>> FitLeastSquares(const Mat& X, const Vec& y, double l2) {
  const Eigen::Index n = X.rows(), d = X.cols();
  if (n == 0) return Status::InvalidArgument("least squares needs at least one row");
  if (y.size() != n) return Status::InvalidArgument("least squares: X and y row counts differ");
  const MatD Xd = X.cast<double>();
  const VecD yd = y.cast<double>();
  const Eigen::RowVectorXd mean_x = Xd.colwise().mean();
  const double mean_y = yd.mean();
  const MatD Xc = Xd.rowwise() - mean_x;
  const VecD yc = yd.array() - mean_y;
  Eigen::MatrixXd A = Xc.transpose() * Xc / static_cast<double>(n);
  A.diagonal().array() += l2;
  const VecD rhs = Xc.transpose() * yc / static_cast<double>(n);
  VecD w;
  Eigen::LDLT<Eigen::MatrixXd> ldlt(A);
  bool solved = false;
  if (ldlt.info() == Eigen::Success && ldlt.isPositive()) {
    const double min_pivot = ldlt.vectorD().minCoeff();
    const double max_pivot = ldlt.vectorD().maxCoeff();
    if (min_pivot > 1e-12 * std::max(1.0, max_pivot)) {
      w = ldlt.solve(rhs);
      solved = true;
    }
  }
  if (!solved) w = A.completeOrthogonalDecomposition().solve(rhs);
  const double b = mean_y - mean_x.dot(w);
  std::vector<Scalar> params(d + 1);
  for (Eigen::Index j = 0; j < d; ++j) params[j] = static_cast<Scalar>(w[j]);
  params[d] = static_cast<Scalar>(b);
  return params;
}

}  // namespace optiscope
