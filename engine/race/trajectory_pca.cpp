#include "engine/race/trajectory_pca.h"

#include <algorithm>
#include <cmath>

#include "engine/features/pca.h"

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
  Mat X(m, p);
  for (Eigen::Index i = 0; i < m; ++i) {
    if (static_cast<Eigen::Index>(points[i].size()) != p) {
      return Status::InvalidArgument("trajectory PCA: points differ in size");
    }
    X.row(i) = Eigen::Map<const RowVec>(points[i].data(), p);
  }
  const VecD c = Eigen::Map<const Vec>(center.data(), p).cast<double>();
  PcaOptions options;
  options.n_components = static_cast<int>(std::min<Eigen::Index>({2, m, p}));
  options.solver = PcaSolver::kFull;
  Pca pca(options);
  if (Status st = pca.FitAbout(X, c); !st.ok())
    return Status::InvalidArgument("trajectory PCA: " + st.message());

  // A direction whose variance is negligible (the points span fewer dimensions) is completed.
  const VecD& ratio = pca.explained_variance_ratio();
  VecD d1 = VecD::Zero(p), d2 = VecD::Zero(p);
  TrajectoryPlane plane;
  if (pca.NumComponents() >= 1 && ratio[0] > 1e-12) {
    d1 = pca.components().row(0).transpose();
    plane.explained[0] = ratio[0];
  }
  if (pca.NumComponents() >= 2 && ratio[1] > 1e-12) {
    d2 = pca.components().row(1).transpose();
    plane.explained[1] = ratio[1];
  }
  Complete({}, &d1);
  Complete({&d1}, &d2);
  plane.d1.assign(d1.data(), d1.data() + p);
  plane.d2.assign(d2.data(), d2.data() + p);
  plane.a.resize(m);
  plane.b.resize(m);
  for (Eigen::Index i = 0; i < m; ++i) {
    double a = 0, b = 0;
    for (Eigen::Index j = 0; j < p; ++j) {
      const double x = static_cast<double>(points[i][j]) - c[j];
      a += x * d1[j];
      b += x * d2[j];
    }
    plane.a[i] = a;
    plane.b[i] = b;
  }
  return plane;
}

}  // namespace optiscope
