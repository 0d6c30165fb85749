#include "engine/train/metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/types.h"

namespace optiscope {

SplitMetrics SplitMetrics::AllNaN() {
  SplitMetrics m;
  m.loss = m.accuracy = m.rmse = m.mae = m.r2 = m.f1 = kNaN;
  return m;
}

void MetricAccumulator::Clear() {
  rows_ = correct_ = 0;
  loss_sum_ = sse_ = sae_ = sum_y_ = sum_y2_ = 0;
  if (classes_ > 0) std::fill(ClassCounts(), ClassCounts() + 3 * classes_, 0LL);
}

void MetricAccumulator::Add(const ConstMatXMap<Scalar>& outputs, std::span<const Scalar> targets,
                            double mean_loss) {
  const Eigen::Index n = outputs.rows();
  rows_ += n;
  loss_sum_ += mean_loss * static_cast<double>(n);
  if (task_ == TaskKind::kClassification) {
    const int k = static_cast<int>(outputs.cols());
    if (k != classes_) {  // the first batch (a model's output count does not change)
      classes_ = k;
      if (k > kInlineClasses) heap_counts_.assign(3 * static_cast<size_t>(k), 0);
      std::fill(ClassCounts(), ClassCounts() + 3 * k, 0LL);
    }
    long long* counts = ClassCounts();
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::Index arg = 0;
      outputs.row(i).maxCoeff(&arg);
      const auto label = static_cast<Eigen::Index>(targets[i]);
      if (arg == label) {
        ++correct_;
        ++counts[3 * arg];
      }
      ++counts[3 * arg + 1];
      if (label >= 0 && label < k) ++counts[3 * label + 2];
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
  SplitMetrics m = SplitMetrics::AllNaN();
  if (rows_ == 0) return m;
  const double n = static_cast<double>(rows_);
  m.loss = loss_sum_ / n;
  if (task_ == TaskKind::kClassification) {
    m.accuracy = static_cast<double>(correct_) / n;
    // Per class 2*tp / (predicted + actual), which is 2PR / (P + R) when tp > 0, else 0.
    const long long* counts = ClassCounts();
    double f1 = 0.0;
    for (int c = 0; c < classes_; ++c) {
      const long long tp = counts[3 * c];
      const long long both = counts[3 * c + 1] + counts[3 * c + 2];
      if (tp > 0) f1 += 2.0 * static_cast<double>(tp) / static_cast<double>(both);
    }
    m.f1 = classes_ > 0 ? f1 / classes_ : kNaN;
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
