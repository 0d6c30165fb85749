#include "engine/race/trajectory_pca.h"

#include <Eigen/Eigenvalues>
#include <cmath>

namespace optiscope {
namespace {

// Makes `d` a unit vector orthogonal to `others` (Gram–Schmidt), seeding it with coordinate axes
// when it is (nearly) zero.
void Complete(std::vector<const VecD*> others, VecD* d) {
  for (Eigen::Index axis = -1; axis < d->size(); ++axis) {
    if (axis >= 0) {
      d->setZero();
      (*d)[axis] = 1.0;
    }
    for (const VecD* o : others) *d -= o->dot(*d) * *o;
    const double norm = d->norm();
    if (norm > 1e-9) {
      *d /= norm;
      return;
    }
  }
}

}  // namespace

Result<TrajectoryPlane> TrajectoryPca(const std::vector<std::span<const Scalar>>& points,
                                      std::span<const Scalar> center) {
  if (points.empty()) return Status::InvalidArgument("trajectory PCA: no points");
  const Eigen::Index m = static_cast<Eigen::Index>(points.size());
  const Eigen::Index p = static_cast<Eigen::Index>(center.size());
  if (p == 0) return Status::InvalidArgument("trajectory PCA: empty parameter vectors");
  Eigen::MatrixXd D(m, p);
  for (Eigen::Index i = 0; i < m; ++i) {
    if (static_cast<Eigen::Index>(points[i].size()) != p) {
      return Status::InvalidArgument("trajectory PCA: points differ in size");
    }
    for (Eigen::Index j = 0; j < p; ++j) {
      D(i, j) = static_cast<double>(points[i][j]) - static_cast<double>(center[j]);
    }
  }
  const Eigen::MatrixXd gram = D * D.transpose();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram);
  const Eigen::VectorXd& values = solver.eigenvalues();  // ascending
  const double total = std::max(gram.trace(), 0.0);
  VecD d1 = VecD::Zero(p), d2 = VecD::Zero(p);
  TrajectoryPlane plane;
  if (m >= 1 && values[m - 1] > 1e-12 * std::max(total, 1e-300)) {
    d1 = D.transpose() * solver.eigenvectors().col(m - 1);
    plane.explained[0] = total > 0 ? values[m - 1] / total : 0;
  }
  if (m >= 2 && values[m - 2] > 1e-12 * std::max(total, 1e-300)) {
    d2 = D.transpose() * solver.eigenvectors().col(m - 2);
    plane.explained[1] = total > 0 ? values[m - 2] / total : 0;
  }
  Complete({}, &d1);
  Complete({&d1}, &d2);
  const VecD a = D * d1, b = D * d2;
  plane.d1.assign(d1.data(), d1.data() + p);
  plane.d2.assign(d2.data(), d2.data() + p);
  plane.a.assign(a.data(), a.data() + m);
  plane.b.assign(b.data(), b.data() + m);
  return plane;
}

}  // namespace optiscope
