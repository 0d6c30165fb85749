// Full evaluation of a trained model on one split (every metric of evaluation_metrics.h), for
// dense networks and classic estimators alike, and copying a report into RunFinished.
#pragma once

#include <span>

#include "engine/events/events.h"
#include "engine/models/classic/estimator.h"
#include "engine/models/differentiable_model.h"
#include "engine/train/evaluation_metrics.h"
#include "engine/train/metrics.h"

namespace optiscope {

// A dense model's report on (X, y) (preprocessed; regression targets in trained units, reported
// back in original units through `scaling`). Classification scores are the softmax of the outputs;
// `probabilities` says whether they are calibrated probabilities (the model was trained with
// cross-entropy) — otherwise log loss is NaN with a note.
EvaluationReport EvaluateDenseReport(const DifferentiableModel& model,
                                     std::span<const Scalar> params, const Mat& X, const Vec& y,
                                     TaskKind task, int num_classes, TargetScaling scaling,
                                     bool probabilities);

// A fitted estimator's report on (X, y), as above. PredictProba gives the scores; they count as
// probabilities unless the estimator says otherwise (SVMs: Estimator::HasProbabilities()).
EvaluationReport EvaluateEstimatorReport(const Estimator& estimator, const Mat& X, const Vec& y,
                                         TaskKind task, int num_classes, TargetScaling scaling);

// SplitMetrics (loss, accuracy / rmse, mae, r2) from a report; `loss` is given by the caller.
SplitMetrics ToSplitMetrics(const EvaluationReport& report, double loss);

// Copies the report's metrics into the test_* fields of `finished` (and class names).
void FillTestMetrics(const EvaluationReport& report, const std::vector<std::string>& class_names,
                     RunFinished* finished);

}  // namespace optiscope
