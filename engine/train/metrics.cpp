#include "engine/train/metrics.h"

#include <cmath>
#include <limits>

#include "engine/core/types.h"

namespace optiscope {

void MetricAccumulator::Add(const ConstMatXMap<Scalar>& outputs, std::span<const Scalar> targets,
                            double mean_loss) {
  const Eigen::Index n = outputs.rows();
  rows_ += n;
  loss_sum_ += mean_loss * static_cast<double>(n);
  if (task_ == TaskKind::kClassification) {
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::Index arg = 0;
      outputs.row(i).maxCoeff(&arg);
      if (arg == static_cast<Eigen::Index>(targets[i])) ++correct_;
    }
  } else {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double y = scaling_.offset + scaling_.scale * targets[i];
      const double e = scaling_.scale * (static_cast<double>(outputs(i, 0)) - targets[i]);
      sse_ += e * e;
      sae_ += std::abs(e);
      sum_y_ += y;
      sum_y2_ += y * y;
    }
  }
}

SplitMetrics MetricAccumulator::Finish() const {
  SplitMetrics m{kNaN, kNaN, kNaN, kNaN, kNaN};
  if (rows_ == 0) return m;
  const double n = static_cast<double>(rows_);
  m.loss = loss_sum_ / n;
  if (task_ == TaskKind::kClassification) {
    m.accuracy = static_cast<double>(correct_) / n;
  } else {
    m.rmse = std::sqrt(sse_ / n);
    m.mae = sae_ / n;
    const double sst = sum_y2_ - sum_y_ * sum_y_ / n;
    m.r2 = sst > 0 ? 1.0 - sse_ / sst : kNaN;
  }
  return m;
}

SplitMetrics EvaluateModel(const DifferentiableModel& model, std::span<const Scalar> params,
                           const Loss& loss, const Mat& X, const Vec& y, TaskKind task,
                           ModelWorkspace& ws, TargetScaling scaling) {
  MetricAccumulator acc(task, scaling);
  const int n = static_cast<int>(X.rows());
  const int width = loss.TargetWidth(model.NumOutputs());
  for (int begin = 0; begin < n; begin += ws.MaxRows()) {
    const int rows = std::min(ws.MaxRows(), n - begin);
    ConstMatXMap<Scalar> xb(X.data() + static_cast<Eigen::Index>(begin) * X.cols(), rows, X.cols());
    const auto out = model.Forward(params, xb, ws, nullptr);
    std::span<const Scalar> yb(y.data() + static_cast<Eigen::Index>(begin) * width,
                               static_cast<size_t>(rows) * width);
    acc.Add(out, yb, loss.Evaluate(out, yb, nullptr));
  }
  return acc.Finish();
}

SplitMetrics EvaluateModel(const DifferentiableModel& model, std::span<const Scalar> params,
                           const Loss& loss, const Mat& X, const Vec& y, TaskKind task,
                           TargetScaling scaling) {
  auto ws = model.MakeWorkspace(std::min<int>(std::max<Eigen::Index>(X.rows(), 1), 1024));
  return EvaluateModel(model, params, loss, X, y, task, *ws, scaling);
}

}  // namespace optiscope
