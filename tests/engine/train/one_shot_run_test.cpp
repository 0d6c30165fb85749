// RunExperiment with classic models and closed-form least squares: events (RunStarted, a log
// line, one progress event, RunFinished with the full test metrics), cancellation, task checks,
// and the dense path's new test metrics.
#include "engine/train/one_shot_run.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/models/least_squares.h"
#include "engine/train/experiment.h"

namespace optiscope {
namespace one_shot_run_test {

ExperimentConfig Classic(const std::string& source, ModelType type, ParamMap params = {}) {
  ExperimentConfig c;
  c.data.source = source;
  c.model.type = type;
  c.model.params = std::move(params);
  return c;
}

TEST(OneShotRunTest, RandomForestOnIrisPublishesEventsAndFullMetrics) {
  RecordingEventSink sink;
  auto result = RunExperiment(Classic("iris", ModelType::kRandomForest, {{"n_estimators", 30.0}}), sink);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_GE(result->test.accuracy, 0.85);
  EXPECT_NE(result->model.estimator, nullptr);
  const auto events = sink.Events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(std::get<RunStarted>(events[0]).total_epochs, 1);
  EXPECT_NE(std::get<LogLine>(events[1]).text.find("fitting random_forest"), std::string::npos);
  const auto& epoch = std::get<EpochMetrics>(events[2]);
  EXPECT_DOUBLE_EQ(epoch.train_metric, result->train.accuracy);
  const auto& f = std::get<RunFinished>(events[3]);
  EXPECT_EQ(f.status, RunEnd::kOk);
  EXPECT_EQ(f.model_type, "random_forest");
  EXPECT_DOUBLE_EQ(f.test_accuracy, result->test.accuracy);
  EXPECT_TRUE(std::isfinite(f.test_roc_auc) && f.test_roc_auc > 0.9);
  EXPECT_TRUE(std::isfinite(f.test_log_loss));
  EXPECT_TRUE(std::isfinite(f.test_f1));
  ASSERT_EQ(f.test_confusion.size(), 9u);
  int total = 0, diagonal = 0;
  for (int i = 0; i < 9; ++i) total += f.test_confusion[i];
  for (int i = 0; i < 3; ++i) diagonal += f.test_confusion[i * 4];
  EXPECT_EQ(total, result->test_report.rows);
  EXPECT_NEAR(static_cast<double>(diagonal) / total, f.test_accuracy, 1e-12);
  EXPECT_EQ(f.class_names.size(), 3u);
}

TEST(OneShotRunTest, SvmsReportAucButNoLogLoss) {
  RecordingEventSink sink;
  auto result = RunExperiment(Classic("breast_cancer", ModelType::kKernelSvm), sink);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const RunFinished f = std::get<RunFinished>(sink.Events().back());
  EXPECT_GE(f.test_accuracy, 0.93);
  EXPECT_GT(f.test_roc_auc, 0.95);
  EXPECT_TRUE(std::isnan(f.test_log_loss));
  EXPECT_NE(f.metrics_note.find("log loss"), std::string::npos);
}

TEST(OneShotRunTest, RegressionTreeAndKnnReportRmseMaeR2) {
  for (const ModelType type : {ModelType::kTree, ModelType::kKnn, ModelType::kGradientBoosting}) {
    SCOPED_TRACE(EnumName(type));
    RecordingEventSink sink;
    auto result = RunExperiment(Classic("diabetes", type), sink);
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    const RunFinished f = std::get<RunFinished>(sink.Events().back());
    EXPECT_TRUE(std::isfinite(f.test_rmse) && std::isfinite(f.test_mae) && std::isfinite(f.test_r2));
    EXPECT_TRUE(std::isnan(f.test_accuracy));
    EXPECT_DOUBLE_EQ(f.test_mae, result->test.mae);
    EXPECT_GT(f.test_rmse, f.test_mae);
  }
}

TEST(OneShotRunTest, CancelledBeforeTheFirstTreeStops) {
  std::stop_source stop;
  stop.request_stop();
  RecordingEventSink sink;
  auto result = RunExperiment(Classic("digits", ModelType::kRandomForest), sink, stop.get_token());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status.code(), StatusCode::kCancelled);
  const RunFinished f = std::get<RunFinished>(sink.Events().back());
  EXPECT_EQ(f.status, RunEnd::kCancelled);
}

TEST(OneShotRunTest, TaskMismatchAndBadParamsAreErrors) {
  NullEventSink sink;
  auto svm = RunExperiment(Classic("diabetes", ModelType::kLinearSvm), sink);
  ASSERT_FALSE(svm.ok());
  EXPECT_NE(svm.status().message().find("classification"), std::string::npos);
}

TEST(OneShotRunTest, ClosedFormLinearMatchesFitLeastSquares) {
  ExperimentConfig c = Classic("diabetes", ModelType::kLinear, {{"solver", std::string("closed_form")}});
  c.regularization.l2 = 0.2;
  RecordingEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_GT(result->test.r2, 0.3);
  EXPECT_EQ(result->model.parameters.size(), 11u);  // 10 weights + bias
  // Gradient descent on the same objective for long enough approaches the closed form.
  ExperimentConfig g = c;
  g.model.params.clear();
  g.optimizer = DefaultOptimizerConfig(OptimizerType::kLbfgs);
  g.optimizer.lr = 1.0;
  g.training.epochs = 200;
  auto gd = RunExperiment(g, sink);
  ASSERT_TRUE(gd.ok());
  EXPECT_NEAR(gd->test.rmse, result->test.rmse, 0.01 * result->test.rmse);
}

TEST(OneShotRunTest, DenseRunsCarryTheFullTestMetrics) {
  ExperimentConfig c;
  c.data.source = "iris";
  c.model.type = ModelType::kLogistic;
  c.optimizer.lr = 0.05;
  c.training.epochs = 40;
  RecordingEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok());
  const RunFinished f = std::get<RunFinished>(sink.Events().back());
  EXPECT_DOUBLE_EQ(f.test_accuracy, result->test_report.accuracy);
  EXPECT_NEAR(f.test_log_loss, result->test.loss, 1e-4);  // the same cross-entropy
  EXPECT_TRUE(std::isfinite(f.test_roc_auc));
  EXPECT_EQ(f.test_confusion.size(), 9u);
}

}  // namespace one_shot_run_test
}  // namespace optiscope
