// Metrics on a split (loss, accuracy, macro F1; RMSE, MAE, R²), accumulated batch by batch without
// allocation, and evaluation of a model over a whole matrix.
#pragma once

#include <array>
#include <span>
#include <vector>

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
  // classification: unweighted mean over the K classes of 2*tp / (predicted + actual), a class
  // neither present nor predicted counting 0 (ClassificationReport's f1_macro, sklearn's).
  double f1 = 0.0;

  // Every field NaN: the metrics of an empty split, or of a run that did not finish.
  static SplitMetrics AllNaN();
};

// How regression targets were standardised for training: original = offset + scale * trained.
// Regression metrics (RMSE, MAE, R²) are reported in original units; losses stay in the units
// the model was trained in.
struct TargetScaling {
  double offset = 0.0;
  double scale = 1.0;
};

// Sums over batches; Finish() gives the metrics of all rows added. Regression uses output
// column 0 and one target per row. Classification keeps three counts per class (true positives,
// predicted, actual) for the macro F1, K being the outputs' column count: in place up to
// kInlineClasses classes, else in one vector sized at the first Add (kept by Clear), so it never
// allocates below that. Not thread-safe.
class MetricAccumulator {
 public:
  static constexpr int kInlineClasses = 32;

  explicit MetricAccumulator(TaskKind task, TargetScaling scaling = {})
      : task_(task), scaling_(scaling) {}
  // Adds a batch: model outputs (rows x K), targets (one per row) and the batch's mean loss.
  void Add(const ConstMatXMap<Scalar>& outputs, std::span<const Scalar> targets, double mean_loss);
  SplitMetrics Finish() const;
  long long rows() const { return rows_; }
  // Forgets the rows added; keeps the class counts' storage.
  void Clear();

 private:
  TaskKind task_;
  TargetScaling scaling_;
  long long rows_ = 0;
  long long correct_ = 0;
  double loss_sum_ = 0, sse_ = 0, sae_ = 0, sum_y_ = 0, sum_y2_ = 0;

  long long* ClassCounts() {
    return classes_ <= kInlineClasses ? inline_counts_.data() : heap_counts_.data();
  }
  const long long* ClassCounts() const {
    return classes_ <= kInlineClasses ? inline_counts_.data() : heap_counts_.data();
  }

  // Classification, 3 per class: [3c] true positives, [3c+1] predicted c, [3c+2] labelled c.
  int classes_ = 0;
  std::array<long long, 3 * kInlineClasses> inline_counts_{};
  std::vector<long long> heap_counts_;
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
