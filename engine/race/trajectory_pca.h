// TrajectoryPca: the two principal directions of a set of weight vectors about a given centre,
// computed by the feature engine's PCA (engine/features/pca.h, Pca::FitAbout). Private to the race.
#pragma once

#include <span>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/types.h"

namespace optiscope {

struct TrajectoryPlane {
  std::vector<double> d1, d2;    // orthonormal directions in parameter space (size P)
  std::vector<double> a, b;      // coordinates of each input point on them
  double explained[2] = {0, 0};  // fraction of Σ‖x_i − c‖² along d1 and d2
};

// With D the m × P matrix of rows x_i − c, the directions are the top two right singular vectors
// of D: Pca::FitAbout(X, c) with the full solver (the m × m Gram matrix D·Dᵀ in double when
// P > 4m, the thin SVD of D when m < P ≤ 4m, the covariance eigendecomposition otherwise)
// (Li et al. 2018, "Visualizing the Loss Landscape of Neural Nets", §7, who take c as the final
// weights). When the points span only one direction (or none), d2 (and d1) are completed with an
// arbitrary unit vector orthogonal to the others. InvalidArgument when points is empty or sizes
// differ. Coordinates are summed in double.
Result<TrajectoryPlane> TrajectoryPca(const std::vector<std::span<const Scalar>>& points,
                                      std::span<const Scalar> center);

}  // namespace optiscope
