#include "engine/train/model_evaluation.h"

#include <cmath>
#include <limits>
#include <vector>

#include "engine/core/types.h"
#include "engine/train/residuals.h"

namespace optiscope {
namespace {

EvaluationReport Report(const MatD& scores, const Vec& predicted_values, const Vec& y,
                        TaskKind task, int num_classes, TargetScaling scaling,
                        bool probabilities) {
  const size_t n = static_cast<size_t>(y.size());
  if (task == TaskKind::kClassification) {
    std::vector<int> labels(n), predicted(n);
    for (size_t i = 0; i < n; ++i) {
      labels[i] = static_cast<int>(y[i]);
      Eigen::Index arg = 0;
      scores.row(static_cast<Eigen::Index>(i)).maxCoeff(&arg);
      predicted[i] = static_cast<int>(arg);
    }
    return ClassificationReport(labels, predicted, scores, num_classes, probabilities);
  }
  std::vector<double> targets(n), predictions(n);
  for (size_t i = 0; i < n; ++i) {
    targets[i] = scaling.offset + scaling.scale * static_cast<double>(y[i]);
    predictions[i] = scaling.offset + scaling.scale * static_cast<double>(predicted_values[i]);
  }
  return RegressionReport(targets, predictions);
}

}  // namespace

EvaluationReport EvaluateDenseReport(const DifferentiableModel& model,
                                     std::span<const Scalar> params, const Mat& X, const Vec& y,
                                     TaskKind task, int num_classes, TargetScaling scaling,
                                     bool probabilities) {
  const Eigen::Index n = X.rows();
  const int chunk = 256;
  auto ws = model.MakeWorkspace(chunk);
  MatD outputs(n, model.NumOutputs());
  for (Eigen::Index begin = 0; begin < n; begin += chunk) {
    const Eigen::Index rows = std::min<Eigen::Index>(chunk, n - begin);
    ConstMatXMap<Scalar> xb(X.data() + begin * X.cols(), rows, X.cols());
    outputs.middleRows(begin, rows) = model.Forward(params, xb, *ws, nullptr).cast<double>();
  }
  if (task == TaskKind::kClassification) {
    // Softmax, shifted by the row maximum for stability.
    for (Eigen::Index i = 0; i < n; ++i) {
      auto row = outputs.row(i);
      row = (row.array() - row.maxCoeff()).exp().matrix();
      row /= row.sum();
    }
    return Report(outputs, Vec(), y, task, num_classes, scaling, probabilities);
  }
  const Vec values = outputs.col(0).cast<Scalar>();
  return Report(MatD(), values, y, task, num_classes, scaling, false);
}

EvaluationReport EvaluateEstimatorReport(const Estimator& estimator, const Mat& X, const Vec& y,
                                         TaskKind task, int num_classes, TargetScaling scaling) {
  if (task == TaskKind::kClassification) {
    Mat proba;
    estimator.PredictProba(X, &proba);
    return Report(proba.cast<double>(), Vec(), y, task, num_classes, scaling,
                  estimator.HasProbabilities());
  }
  Vec values;
  estimator.Predict(X, &values);
  return Report(MatD(), values, y, task, num_classes, scaling, false);
}

SplitMetrics ToSplitMetrics(const EvaluationReport& r, double loss) {
  SplitMetrics m = SplitMetrics::AllNaN();
  if (r.rows == 0) return m;
  m.loss = loss;
  if (r.classification) {
    m.accuracy = r.accuracy;
    m.f1 = r.f1_macro;
  } else {
    m.rmse = r.rmse;
    m.mae = r.mae;
    m.r2 = r.r2;
  }
  return m;
}

void FillTestMetrics(const EvaluationReport& r, const std::vector<std::string>& class_names,
                     RunFinished* f) {
  if (r.classification) {
    f->test_accuracy = r.accuracy;
    f->test_precision = r.precision_macro;
    f->test_recall = r.recall_macro;
    f->test_f1 = r.f1_macro;
    f->test_roc_auc = r.roc_auc;
    f->test_log_loss = r.log_loss;
    f->test_confusion = r.confusion;
    f->class_names = class_names;
  } else {
    f->test_rmse = r.rmse;
    f->test_mae = r.mae;
    f->test_r2 = r.r2;
    f->test_regression = SampleResiduals(r.targets, r.predictions);
  }
  f->metrics_note = r.note;
}

}  // namespace optiscope
