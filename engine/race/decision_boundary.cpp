#include "engine/race/decision_boundary.h"

#include <algorithm>
#include <cmath>

namespace optiscope {

DecisionBoundary BoundaryWindow(const Mat& X, int grid, double margin) {
  DecisionBoundary b;
  b.nx = b.ny = std::max(2, grid);
  const double x0 = X.col(0).minCoeff(), x1 = X.col(0).maxCoeff();
  const double y0 = X.col(1).minCoeff(), y1 = X.col(1).maxCoeff();
  const double mx = std::max(x1 - x0, 1e-3) * margin, my = std::max(y1 - y0, 1e-3) * margin;
  b.x_min = x0 - mx;
  b.x_max = x1 + mx;
  b.y_min = y0 - my;
  b.y_max = y1 + my;
  return b;
}

void EvaluateBoundary(const DifferentiableModel& model, std::span<const Scalar> params,
                      ModelWorkspace& ws, DecisionBoundary* w) {
  const int cells = w->nx * w->ny;
  const int k = model.NumOutputs();
  w->num_classes = k;
  w->labels.assign(cells, 0);
  w->confidence.assign(cells, 0.0f);
  const int chunk = ws.MaxRows();
  Mat xb(chunk, 2);
  for (int begin = 0; begin < cells; begin += chunk) {
    const int rows = std::min(chunk, cells - begin);
    for (int i = 0; i < rows; ++i) {
      const int cell = begin + i;
      const int r = cell / w->nx, c = cell % w->nx;
      xb(i, 0) = static_cast<Scalar>(w->x_min + (c + 0.5) * (w->x_max - w->x_min) / w->nx);
      xb(i, 1) = static_cast<Scalar>(w->y_min + (r + 0.5) * (w->y_max - w->y_min) / w->ny);
    }
    const auto out = model.Forward(params, View(xb, rows), ws, nullptr);
    for (int i = 0; i < rows; ++i) {
      Eigen::Index best = 0;
      const double top = out.row(i).maxCoeff(&best);
      double z = 0;
      for (int j = 0; j < k; ++j) z += std::exp(static_cast<double>(out(i, j)) - top);
      w->labels[begin + i] = static_cast<int>(best);
      w->confidence[begin + i] = static_cast<float>(1.0 / z);
    }
  }
}

}  // namespace optiscope
