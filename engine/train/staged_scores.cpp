#include "engine/train/staged_scores.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "engine/core/types.h"

namespace optiscope {
namespace {

struct StageScore {
  double loss = kNaN;
  double metric = kNaN;  // accuracy or RMSE
  double second = kNaN;  // macro F1 or R²
};

// Log loss, accuracy and macro F1 (as ClassificationReport: 2*tp / (predicted + actual) per class,
// averaged over the `num_classes` classes) of class probabilities `p` (rows x classes) against
// labels `y`.
StageScore ClassificationScore(const MatD& p, const Vec& y, int num_classes) {
  const double eps = std::numeric_limits<double>::epsilon();
  const int k = std::max(num_classes, static_cast<int>(p.cols()));
  std::vector<int> tp(k, 0), predicted_c(k, 0), actual_c(k, 0);
  double loss = 0.0;
  int correct = 0;
  for (Eigen::Index i = 0; i < p.rows(); ++i) {
    const int label = static_cast<int>(y[i]);
    Eigen::Index predicted = 0;
    p.row(i).maxCoeff(&predicted);
    correct += predicted == label;
    tp[label] += predicted == label;
    ++predicted_c[predicted];
    ++actual_c[label];
    double row_sum = 0.0;
    for (Eigen::Index c = 0; c < p.cols(); ++c) row_sum += std::clamp(p(i, c), eps, 1 - eps);
    loss -= std::log(std::clamp(p(i, label), eps, 1 - eps) / row_sum);
  }
  double f1 = 0.0;
  for (int c = 0; c < num_classes; ++c) {
    if (tp[c] > 0) f1 += 2.0 * tp[c] / (predicted_c[c] + actual_c[c]);
  }
  const double n = static_cast<double>(p.rows());
  return {loss / n, correct / n, num_classes > 0 ? f1 / num_classes : kNaN};
}

// Mean squared error of the standardised target, RMSE in the target's units and R² (NaN for
// constant targets, as RegressionReport).
StageScore RegressionScore(const MatD& values, const Vec& y, const TargetScaling& scaling) {
  const double n = static_cast<double>(values.rows());
  double sum = 0.0, mean = 0.0;
  for (Eigen::Index i = 0; i < values.rows(); ++i) {
    const double d = values(i, 0) - static_cast<double>(y[i]);
    sum += d * d;
    mean += static_cast<double>(y[i]);
  }
  mean /= n;
  double sst = 0.0;
  for (Eigen::Index i = 0; i < values.rows(); ++i) {
    const double d = static_cast<double>(y[i]) - mean;
    sst += d * d;
  }
  const double mse = sum / n;
  return {mse, std::sqrt(mse) * std::abs(scaling.scale), sst > 0 ? 1.0 - sum / sst : kNaN};
}

// Scores of `part` at each of `stages`, by stage count.
std::map<int, StageScore> Scores(const Estimator& estimator, const Dataset& part,
                                 const std::vector<int>& stages, const PreparedSplits& data) {
  std::map<int, StageScore> scores;
  if (part.NumRows() == 0) return scores;
  const bool classification = data.task == TaskKind::kClassification;
  estimator.VisitStagedOutputs(part.X, stages, [&](int k, const MatD& outputs) {
    scores[k] = classification ? ClassificationScore(outputs, part.y, data.num_classes)
                               : RegressionScore(outputs, part.y, data.target_scaling);
  });
  return scores;
}

}  // namespace

std::vector<int> StageCheckpoints(int num_stages, int max_points) {
  std::vector<int> points;
  if (num_stages < 1) return points;
  if (num_stages <= max_points) {
    for (int k = 1; k <= num_stages; ++k) points.push_back(k);
    return points;
  }
  for (int i = 0; i < max_points; ++i) {
    const int k = 1 + static_cast<int>(std::llround(static_cast<double>(i) * (num_stages - 1) /
                                                    (max_points - 1)));
    if (points.empty() || k > points.back()) points.push_back(k);
  }
  return points;
}

std::vector<EpochMetrics> StagedEpochs(const Estimator& estimator, const PreparedSplits& data,
                                       double fit_seconds, const std::string& run_id) {
  const int total = estimator.NumStages();
  std::vector<EpochMetrics> epochs;
  if (total < 2) return epochs;
  const std::vector<int> stages = StageCheckpoints(total);
  const std::map<int, StageScore> train = Scores(estimator, data.train, stages, data);
  const std::map<int, StageScore> validation = Scores(estimator, data.validation, stages, data);
  auto at = [](const std::map<int, StageScore>& scores, int k) {
    const auto it = scores.find(k);
    return it == scores.end() ? StageScore{} : it->second;
  };
  const bool classification = data.task == TaskKind::kClassification;
  for (const int k : stages) {
    EpochMetrics e;
    e.run_id = run_id;
    e.epoch = k;
    e.total_epochs = total;
    const StageScore t = at(train, k), v = at(validation, k);
    e.train_loss = t.loss;
    e.train_metric = t.metric;
    e.val_loss = v.loss;
    e.val_metric = v.metric;
    (classification ? e.train_f1 : e.train_r2) = t.second;
    (classification ? e.val_f1 : e.val_r2) = v.second;
    e.elapsed_seconds = fit_seconds * k / total;
    e.learning_rate = kNaN;
    epochs.push_back(e);
  }
  return epochs;
}

}  // namespace optiscope
