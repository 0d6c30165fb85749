#include "engine/race/loss_landscape.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/parallel_for.h"
#include "engine/race/trajectory_pca.h"
#include "engine/train/metrics.h"

namespace optiscope {

Result<LossLandscape> ComputeLossLandscape(const DifferentiableModel& model, const Loss& loss,
                                           const Mat& X, const Vec& y,
                                           const std::vector<WeightTrajectory>& trajectories,
                                           int center_index, const LandscapeOptions& options,
                                           std::stop_token stop) {
  if (center_index < 0 || center_index >= static_cast<int>(trajectories.size()) ||
      trajectories[center_index].points.empty()) {
    return Status::InvalidArgument("loss landscape: no trajectory to centre on");
  }
  const int grid = std::max(2, options.grid);
  std::vector<std::span<const Scalar>> points;
  for (const WeightTrajectory& t : trajectories) {
    for (const auto& p : t.points) points.emplace_back(p);
  }
  const std::vector<Scalar>& center = trajectories[center_index].points.back();
  auto plane = TrajectoryPca(points, center);
  if (!plane.ok()) return plane.status();

  LossLandscape out;
  out.nx = out.ny = grid;
  out.explained[0] = plane->explained[0];
  out.explained[1] = plane->explained[1];
  out.center = "final weights of " + trajectories[center_index].racer;
  double a_lo = 0, a_hi = 0, b_lo = 0, b_hi = 0;
  size_t k = 0;
  for (const WeightTrajectory& t : trajectories) {
    LandscapePath path;
    path.racer = t.racer;
    for (size_t i = 0; i < t.points.size(); ++i, ++k) {
      const double a = plane->a[k], b = plane->b[k];
      path.ab.push_back(static_cast<float>(a));
      path.ab.push_back(static_cast<float>(b));
      a_lo = std::min(a_lo, a);
      a_hi = std::max(a_hi, a);
      b_lo = std::min(b_lo, b);
      b_hi = std::max(b_hi, b);
    }
    out.paths.push_back(std::move(path));
  }
  // Equal extent on both axes is not required; each gets a margin and a minimum width.
  auto widen = [&](double& lo, double& hi, double other_span) {
    double span = hi - lo;
    if (span < 1e-3 * std::max(other_span, 1e-6)) span = std::max(other_span, 1e-3);
    const double mid = 0.5 * (lo + hi);
    lo = mid - span * (0.5 + options.margin);
    hi = mid + span * (0.5 + options.margin);
  };
  const double a_span = a_hi - a_lo, b_span = b_hi - b_lo;
  widen(a_lo, a_hi, b_span);
  widen(b_lo, b_hi, a_span);
  out.a_min = a_lo;
  out.a_max = a_hi;
  out.b_min = b_lo;
  out.b_max = b_hi;

  const int rows =
      options.max_rows > 0 ? std::min<int>(options.max_rows, X.rows()) : static_cast<int>(X.rows());
  out.rows_used = rows;
  const int width = loss.TargetWidth(model.NumOutputs());
  const Mat Xs = X.topRows(rows);
  const Vec ys = y.head(static_cast<Eigen::Index>(rows) * width);
  out.loss.assign(static_cast<size_t>(grid) * grid, std::numeric_limits<float>::quiet_NaN());
  const int p = model.NumParameters();
  // Each grid row writes its own cells: the result does not depend on the threads.
  ParallelForOptions parallel;
  parallel.max_threads = std::max(1, options.threads);
  parallel.stop = stop;
  const Status status = ParallelFor(grid, parallel, [&](int r) {
    auto ws = model.MakeWorkspace(std::clamp(rows, 1, 256));
    std::vector<Scalar> theta(p);
    const double b = out.b_min + (out.b_max - out.b_min) * r / (grid - 1);
    for (int c = 0; c < grid; ++c) {
      const double a = out.a_min + (out.a_max - out.a_min) * c / (grid - 1);
      for (int j = 0; j < p; ++j) {
        theta[j] = static_cast<Scalar>(center[j] + a * plane->d1[j] + b * plane->d2[j]);
      }
      const SplitMetrics m = EvaluateModel(model, theta, loss, Xs, ys, TaskKind::kRegression, *ws);
      if (std::isfinite(m.loss))
        out.loss[static_cast<size_t>(r) * grid + c] = static_cast<float>(m.loss);
    }
  });
  if (!status.ok() && status.code() != StatusCode::kCancelled) return status;
  if (stop.stop_requested()) return Status::Cancelled("loss landscape cancelled");
  return out;
}

}  // namespace optiscope
