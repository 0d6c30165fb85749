// Metrics on a split (loss, accuracy; RMSE, MAE, R²), accumulated batch by batch without
// allocation, and evaluation of a model over a whole matrix.
#pragma once

#include <span>

#include "engine/data/dataset.h"
#include "engine/losses/loss.h"
#include "engine/models/differentiable_model.h"

namespace optiscope {

// Metrics on one split. Fields that do not apply to the task (or an empty split) are NaN.
struct SplitMetrics {
  double loss = 0.0;
  double accuracy = 0.0;  // classification: fraction of rows whose arg-max output is the label
  double rmse = 0.0;      // regression: sqrt(mean (prediction - y)^2)
  double mae = 0.0;       // regression: mean |prediction - y|
  double r2 = 0.0;        // regression: 1 - SSE/SST (SST about the split's own mean)
};

// How regression targets were standardised for training: original = offset + scale * trained.
// Regression metrics (RMSE, MAE, R²) are reported in original units; losses stay in the units
// the model was trained in.
struct TargetScaling {
  double offset = 0.0;
  double scale = 1.0;
};

// Sums over batches; Finish() gives the metrics of all rows added. Regression uses output
// column 0 and one target per row. Not thread-safe.
class MetricAccumulator {
 public:
  explicit MetricAccumulator(TaskKind task, TargetScaling scaling = {})
      : task_(task), scaling_(scaling) {}
  // Adds a batch: model outputs (rows x K), targets (one per row) and the batch's mean loss.
  void Add(const ConstMatXMap<Scalar>& outputs, std::span<const Scalar> targets, double mean_loss);
  SplitMetrics Finish() const;
  long long rows() const { return rows_; }
  void Clear() { *this = MetricAccumulator(task_, scaling_); }

 private:
  TaskKind task_;
  TargetScaling scaling_;
  long long rows_ = 0;
  long long correct_ = 0;
  double loss_sum_ = 0, sse_ = 0, sae_ = 0, sum_y_ = 0, sum_y2_ = 0;
};

// Evaluates `model` (inference mode) on all rows of X in chunks of ws.MaxRows(): mean loss and
// task metrics. Allocation-free given the workspace. All NaN when X has no rows.
SplitMetrics EvaluateModel(const DifferentiableModel& model, std::span<const Scalar> params,
                           const Loss& loss, const Mat& X, const Vec& y, TaskKind task,
                           ModelWorkspace& ws, TargetScaling scaling = {});

// As above, making its own workspace (allocates; for one-off evaluations).
SplitMetrics EvaluateModel(const DifferentiableModel& model, std::span<const Scalar> params,
                           const Loss& loss, const Mat& X, const Vec& y, TaskKind task,
                           TargetScaling scaling = {});

}  // namespace optiscope
