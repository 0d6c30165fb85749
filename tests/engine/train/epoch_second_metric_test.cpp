// The second per-epoch metric (issue 15): macro F1 for classification and R² for regression in
// every EpochMetrics, equal to ClassificationReport's f1_macro / RegressionReport's r2 of the same
// predictions, NaN where they do not apply; for the mini-batch loop, L-BFGS, and the one-shot
// models' curve (whose last point is the run's final figures).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "engine/core/rng.h"
#include "engine/models/model_factory.h"
#include "engine/train/evaluation_metrics.h"
#include "engine/train/experiment.h"
#include "engine/train/metrics.h"
#include "engine/train/model_evaluation.h"
#include "engine/train/prepared_splits.h"

namespace optiscope {
namespace epoch_second_metric_test {

// Arg-max class of each row.
std::vector<int> ArgMax(const Mat& outputs) {
  std::vector<int> classes(outputs.rows());
  for (Eigen::Index i = 0; i < outputs.rows(); ++i) {
    Eigen::Index arg = 0;
    outputs.row(i).maxCoeff(&arg);
    classes[i] = static_cast<int>(arg);
  }
  return classes;
}

TEST(EpochSecondMetricTest, AccumulatedF1EqualsClassificationReportOverBatches) {
  // The last class is never a label nor a prediction (it counts 0 in the mean, as in
  // ClassificationReport), the one before it a label but never predicted. 40 classes keep their
  // counts in a vector rather than in place.
  for (const int k : {5, MetricAccumulator::kInlineClasses + 8}) {
    SCOPED_TRACE(k);
    Rng rng(7);
    const int rows = 403;
    Mat outputs = Mat::Zero(rows, k);
    std::vector<Scalar> labels(rows);
    for (int i = 0; i < rows; ++i) {
      labels[i] = static_cast<Scalar>(rng.UniformInt(k - 1));
      outputs(i, static_cast<int>(rng.UniformInt(k - 2))) = 1.0f;
    }
    MetricAccumulator acc(TaskKind::kClassification);
    // A first epoch of other rows, forgotten by Clear.
    acc.Add(View(outputs), labels, 0.0);
    acc.Clear();
    for (int begin = 0; begin < rows; begin += 16) {
      const int n = std::min(16, rows - begin);
      ConstMatXMap<Scalar> batch(outputs.data() + static_cast<Eigen::Index>(begin) * k, n, k);
      acc.Add(batch, std::span<const Scalar>(labels.data() + begin, n), 1.0);
    }
    const SplitMetrics m = acc.Finish();
    std::vector<int> truth(labels.begin(), labels.end());
    const EvaluationReport report = ClassificationReport(truth, ArgMax(outputs), MatD(), k, false);
    EXPECT_NEAR(m.f1, report.f1_macro, 1e-12);
    EXPECT_NEAR(m.accuracy, report.accuracy, 1e-12);
    EXPECT_GT(m.f1, 0.0);
    if (k == 5) {
      EXPECT_LT(m.f1, m.accuracy);  // classes 3 and 4 pull the macro mean down
    }
    EXPECT_TRUE(std::isnan(m.r2));
  }
}

TEST(EpochSecondMetricTest, RegressionHasNoF1) {
  MetricAccumulator acc(TaskKind::kRegression);
  Mat p(3, 1);
  p << 1, 2, 4;
  const std::vector<Scalar> y = {1, 3, 3};
  acc.Add(View(p), y, 0.5);
  const SplitMetrics m = acc.Finish();
  EXPECT_TRUE(std::isnan(m.f1));
  const EvaluationReport report =
      RegressionReport(std::vector<double>{1, 3, 3}, std::vector<double>{1, 2, 4});
  EXPECT_NEAR(m.r2, report.r2, 1e-12);
}

ExperimentConfig Dense(const char* source, ModelType type, OptimizerType optimizer, double lr,
                       int epochs) {
  ExperimentConfig c;
  c.data.source = source;
  c.model.type = type;
  c.model.hidden = {8};
  c.optimizer = DefaultOptimizerConfig(optimizer);
  c.optimizer.lr = lr;
  c.training.epochs = epochs;
  c.training.seed = 5;
  return c;
}

// The report of the trained dense model on the prepared validation rows.
EvaluationReport ValidationReport(const ExperimentConfig& config, const RunResult& result) {
  auto data = PrepareSplits(config);
  EXPECT_TRUE(data.ok());
  auto model = MakeModel(config.model, data->num_features,
                         NumModelOutputs(data->task, data->num_classes), data->task);
  EXPECT_TRUE(model.ok());
  return EvaluateDenseReport(**model, result.model.parameters, data->validation.X,
                             data->validation.y, data->task, data->num_classes,
                             data->target_scaling, true);
}

TEST(EpochSecondMetricTest, ClassificationEpochsCarryTheValidationMacroF1) {
  for (const OptimizerType optimizer : {OptimizerType::kAdam, OptimizerType::kLbfgs}) {
    SCOPED_TRACE(EnumName(optimizer));
    // Few epochs at a small rate: the model is still imperfect, so F1 differs from accuracy.
    const ExperimentConfig c = Dense("wine", ModelType::kMlp, optimizer,
                                     optimizer == OptimizerType::kLbfgs ? 1.0 : 0.003, 3);
    RecordingEventSink sink;
    auto result = RunExperiment(c, sink);
    ASSERT_TRUE(result.ok() && result->status.ok());
    ASSERT_EQ(result->history.size(), 3u);
    for (const EpochMetrics& e : result->history) {
      EXPECT_TRUE(std::isfinite(e.train_f1) && std::isfinite(e.val_f1)) << e.epoch;
      EXPECT_GE(e.val_f1, 0.0);
      EXPECT_LE(e.val_f1, 1.0);
      EXPECT_TRUE(std::isnan(e.train_r2) && std::isnan(e.val_r2)) << e.epoch;
    }
    const EpochMetrics& last = result->history.back();
    const EvaluationReport report = ValidationReport(c, *result);
    EXPECT_NEAR(last.val_f1, report.f1_macro, 1e-12);
    EXPECT_NEAR(last.val_metric, report.accuracy, 1e-12);
    EXPECT_NEAR(last.val_f1, result->validation.f1, 1e-12);
    // The published events carry them too.
    const EpochMetrics* published = nullptr;
    for (const Event& e : sink.Events()) {
      if (const auto* m = std::get_if<EpochMetrics>(&e)) published = m;
    }
    ASSERT_NE(published, nullptr);
    EXPECT_EQ(published->val_f1, last.val_f1);
  }
}

TEST(EpochSecondMetricTest, RegressionEpochsCarryTheValidationR2) {
  for (const OptimizerType optimizer : {OptimizerType::kSgd, OptimizerType::kLbfgs}) {
    SCOPED_TRACE(EnumName(optimizer));
    const ExperimentConfig c = Dense("diabetes", ModelType::kLinear, optimizer,
                                     optimizer == OptimizerType::kLbfgs ? 1.0 : 0.01, 3);
    NullEventSink sink;
    auto result = RunExperiment(c, sink);
    ASSERT_TRUE(result.ok() && result->status.ok());
    ASSERT_EQ(result->history.size(), 3u);
    for (const EpochMetrics& e : result->history) {
      EXPECT_TRUE(std::isfinite(e.train_r2) && std::isfinite(e.val_r2)) << e.epoch;
      EXPECT_LE(e.val_r2, 1.0);
      EXPECT_TRUE(std::isnan(e.train_f1) && std::isnan(e.val_f1)) << e.epoch;
    }
    const EpochMetrics& last = result->history.back();
    const EvaluationReport report = ValidationReport(c, *result);
    EXPECT_NEAR(last.val_r2, report.r2, 1e-9);
    EXPECT_NEAR(last.val_metric, report.rmse, 1e-9 * report.rmse);
  }
}

TEST(EpochSecondMetricTest, OneShotCurvesEndOnTheRunsFigures) {
  struct Case {
    const char* source;
    ModelType type;
  };
  for (const Case& k :
       {Case{"wine", ModelType::kRandomForest}, Case{"diabetes", ModelType::kGradientBoosting},
        Case{"iris", ModelType::kKnn}, Case{"diabetes", ModelType::kTree}}) {
    SCOPED_TRACE(std::string(EnumName(k.type)) + " on " + k.source);
    ExperimentConfig c;
    c.data.source = k.source;
    c.model.type = k.type;
    if (k.type == ModelType::kRandomForest || k.type == ModelType::kGradientBoosting) {
      c.model.params["n_estimators"] = 12.0;
    }
    NullEventSink sink;
    auto result = RunExperiment(c, sink);
    ASSERT_TRUE(result.ok() && result->status.ok());
    ASSERT_FALSE(result->history.empty());
    const bool classification = result->task == TaskKind::kClassification;
    for (const EpochMetrics& e : result->history) {
      const double second = classification ? e.val_f1 : e.val_r2;
      const double other = classification ? e.val_r2 : e.val_f1;
      EXPECT_TRUE(std::isfinite(second)) << e.epoch;
      EXPECT_TRUE(std::isnan(other)) << e.epoch;
      EXPECT_TRUE(std::isfinite(classification ? e.train_f1 : e.train_r2)) << e.epoch;
    }
    const EpochMetrics& last = result->history.back();
    if (classification) {
      EXPECT_EQ(last.val_f1, result->validation.f1);
      EXPECT_EQ(last.train_f1, result->train.f1);
    } else {
      EXPECT_EQ(last.val_r2, result->validation.r2);
      EXPECT_EQ(last.train_r2, result->train.r2);
    }
    // A middle point of an ensemble's curve is the smaller ensemble's figure.
    if (result->history.size() == 12u) {
      c.model.params["n_estimators"] = 5.0;
      auto small = RunExperiment(c, sink);
      ASSERT_TRUE(small.ok() && small->status.ok());
      const EpochMetrics& at5 = result->history[4];
      const double expected = classification ? small->validation.f1 : small->validation.r2;
      EXPECT_NEAR(classification ? at5.val_f1 : at5.val_r2, expected, 1e-5);
    }
  }
}

}  // namespace epoch_second_metric_test
}  // namespace optiscope
