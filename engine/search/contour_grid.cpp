#include "engine/search/contour_grid.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "engine/core/rng.h"
#include "engine/search/gaussian_process.h"
#include "engine/search/param_transform.h"

namespace optiscope {
namespace {

ContourAxis MakeAxis(const ParamSpec& spec, int resolution) {
  ContourAxis axis;
  axis.name = spec.name;
  axis.log = spec.log;
  if (spec.IsCategorical()) {
    axis.categories = spec.choices;
    return axis;
  }
  const InternalRange r = InternalBounds(spec);
  for (int i = 0; i <= resolution; ++i) {
    const double internal = r.low + (r.high - r.low) * i / resolution;
    axis.edges.push_back(spec.log ? std::exp(internal) : internal);
  }
  return axis;
}

// The GP input coordinate of cell `i` of an axis: its unit-space centre, or the choice index.
double CellCoordinate(const ParamSpec& spec, int i, int cells) {
  return spec.IsCategorical() ? static_cast<double>(i) : (i + 0.5) / cells;
}

}  // namespace

Result<ContourGrid> ComputeContourGrid(const SearchSpace& space,
                                       std::span<const FrozenTrial> history, const std::string& x,
                                       const std::string& y, const ContourGridOptions& options) {
  const int xi = space.Find(x);
  const int yi = space.Find(y);
  if (xi < 0 || yi < 0) {
    return Status::InvalidArgument("contour: unknown parameter '" + (xi < 0 ? x : y) + "'");
  }
  if (xi == yi) return Status::InvalidArgument("contour: choose two different parameters");
  if (options.resolution < 2 || options.resolution > 1000) {
    return Status::InvalidArgument("contour: resolution must be in [2, 1000]");
  }
  const ParamSpec& xs = space.params()[xi];
  const ParamSpec& ys = space.params()[yi];
  std::vector<const FrozenTrial*> trials;
  for (const FrozenTrial* t : TrialsInSpace(space, history)) {
    if (!t->IsComplete() || static_cast<int>(t->values.size()) <= options.objective ||
        !std::isfinite(t->values[options.objective])) {
      continue;
    }
    if (t->params.count(x) != 0 && t->params.count(y) != 0) trials.push_back(t);
  }
  if (trials.size() < 2) {
    return Status::InvalidArgument("contour: needs 2 complete trials with both '" + x + "' and '" +
                                   y + "'");
  }
  std::stable_sort(trials.begin(), trials.end(), [](const FrozenTrial* a, const FrozenTrial* b) {
    return a->number < b->number;
  });
  const int keep = std::max(2, options.max_trials);
  if (static_cast<int>(trials.size()) > keep) {
    std::vector<const FrozenTrial*> kept;
    const double step = static_cast<double>(trials.size() - 1) / (keep - 1);
    for (int i = 0; i < keep; ++i)
      kept.push_back(trials[static_cast<size_t>(std::lround(i * step))]);
    trials.swap(kept);
  }

  ContourGrid grid;
  grid.x = MakeAxis(xs, options.resolution);
  grid.y = MakeAxis(ys, options.resolution);
  grid.n_trials = static_cast<int>(trials.size());
  const int n = grid.n_trials;
  Eigen::MatrixXd X(n, 2);
  Eigen::VectorXd target(n);
  const std::vector<bool> categorical = {xs.IsCategorical(), ys.IsCategorical()};
  for (int i = 0; i < n; ++i) {
    const double vx = trials[i]->params.at(x);
    const double vy = trials[i]->params.at(y);
    X(i, 0) = categorical[0] ? vx : ToUnit(xs, vx);
    X(i, 1) = categorical[1] ? vy : ToUnit(ys, vy);
    target[i] = trials[i]->values[options.objective];
  }
  const double mean = target.mean();
  const double sd = std::sqrt((target.array() - mean).square().mean());
  const int nx = grid.x.cells();
  const int ny = grid.y.cells();
  grid.values.assign(static_cast<size_t>(nx) * ny, mean);
  if (sd > 1e-12 * std::max(1.0, std::abs(mean))) {
    GaussianProcess gp;
    Rng rng(options.seed);
    gp.Fit(X, (target.array() - mean) / sd, categorical, nullptr, options.restarts, rng);
    Eigen::MatrixXd cells(static_cast<Eigen::Index>(nx) * ny, 2);
    for (int iy = 0; iy < ny; ++iy) {
      for (int ix = 0; ix < nx; ++ix) {
        const Eigen::Index row = static_cast<Eigen::Index>(iy) * nx + ix;
        cells(row, 0) = CellCoordinate(xs, ix, nx);
        cells(row, 1) = CellCoordinate(ys, iy, ny);
      }
    }
    Eigen::VectorXd mu, var;
    gp.Predict(cells, &mu, &var);
    for (Eigen::Index i = 0; i < mu.size(); ++i) grid.values[i] = mean + sd * mu[i];
  }
  const auto [lo, hi] = std::minmax_element(grid.values.begin(), grid.values.end());
  grid.min = *lo;
  grid.max = *hi;
  return grid;
}

}  // namespace optiscope
