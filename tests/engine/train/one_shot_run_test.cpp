// RunExperiment with classic models and closed-form least squares: events (RunStarted, a log
// line, fit progress and the curve by number of trees for ensembles or one point otherwise,
// RunFinished with the full test metrics), cancellation, task checks, and the dense path's test
// metrics.
#include "engine/train/one_shot_run.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/models/least_squares.h"
#include "engine/train/experiment.h"
#include "engine/train/staged_scores.h"

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
  EXPECT_EQ(std::get<RunStarted>(events[0]).total_epochs, 30);
  EXPECT_EQ(std::get<RunStarted>(events[0]).step_name, "tree");
  EXPECT_NE(std::get<LogLine>(events[1]).text.find("fitting random_forest (30 trees)"),
            std::string::npos);
  std::vector<EpochMetrics> curve;
  int progress_max = 0;
  for (const Event& e : events) {
    if (const auto* m = std::get_if<EpochMetrics>(&e)) curve.push_back(*m);
    if (const auto* p = std::get_if<FitProgress>(&e)) {
      EXPECT_EQ(p->total, 30);
      progress_max = std::max(progress_max, p->done);
    }
  }
  EXPECT_EQ(progress_max, 30);
  // The curve: one point per number of trees, the last one the result's figures exactly.
  ASSERT_EQ(curve.size(), 30u);
  for (int k = 0; k < 30; ++k) {
    EXPECT_EQ(curve[k].epoch, k + 1);
    EXPECT_EQ(curve[k].total_epochs, 30);
    EXPECT_TRUE(std::isfinite(curve[k].val_loss) && std::isfinite(curve[k].train_metric));
  }
  EXPECT_DOUBLE_EQ(curve.back().train_metric, result->train.accuracy);
  EXPECT_DOUBLE_EQ(curve.back().val_loss, result->validation.loss);
  EXPECT_EQ(result->history.size(), 30u);
  EXPECT_EQ(result->epochs_run, 30);
  // One tree is a worse model of its training rows than thirty (bootstrap, random features).
  EXPECT_GT(curve.front().train_loss, curve.back().train_loss);
  const auto& f = std::get<RunFinished>(events.back());
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

// The curve of a forest with k trees is the forest of k trees: tree t depends only on the seed
// and t, so the first k trees of a 12-tree forest are a 5-tree forest with the same seed.
TEST(OneShotRunTest, StagedScoresEqualSmallerEnsembles) {
  for (const ModelType type : {ModelType::kRandomForest, ModelType::kGradientBoosting}) {
    for (const char* source : {"wine", "diabetes"}) {
      SCOPED_TRACE(std::string(EnumName(type)) + " on " + source);
      NullEventSink sink;
      auto full = RunExperiment(Classic(source, type, {{"n_estimators", 12.0}}), sink);
      auto small = RunExperiment(Classic(source, type, {{"n_estimators", 5.0}}), sink);
      ASSERT_TRUE(full.ok() && small.ok());
      ASSERT_EQ(full->history.size(), 12u);
      const EpochMetrics& at5 = full->history[4];
      ASSERT_EQ(at5.epoch, 5);
      const bool classification = full->task == TaskKind::kClassification;
      // Float predictions (Predict) against the curve's double sums: relative 1e-5.
      auto near = [](double a, double b) { return std::abs(a - b) <= 1e-5 * std::max(1.0, std::abs(b)); };
      EXPECT_PRED2(near, at5.val_loss, small->validation.loss);
      EXPECT_PRED2(near, at5.train_loss, small->train.loss);
      EXPECT_PRED2(near, at5.val_metric,
                   classification ? small->validation.accuracy : small->validation.rmse);
    }
  }
}

TEST(OneShotRunTest, StepsAreKnownBeforeTheRun) {
  ModelConfig forest;
  forest.type = ModelType::kRandomForest;
  EXPECT_EQ(CountOneShotSteps(forest).count, 100);  // scikit-learn's default n_estimators
  EXPECT_EQ(CountOneShotSteps(forest).name, "tree");
  forest.params["n_estimators"] = 7.0;
  EXPECT_EQ(CountOneShotSteps(forest).count, 7);
  ModelConfig boosting;
  boosting.type = ModelType::kGradientBoosting;
  EXPECT_EQ(CountOneShotSteps(boosting).name, "stage");
  ModelConfig knn;
  knn.type = ModelType::kKnn;
  EXPECT_EQ(CountOneShotSteps(knn).count, 1);
  EXPECT_EQ(CountOneShotSteps(knn).name, "fit");
  forest.params["n_estimators"] = -3.0;  // not a model: the run will say why
  EXPECT_EQ(CountOneShotSteps(forest).name, "fit");
}

TEST(OneShotRunTest, AModelWithoutStagesIsOneFit) {
  RecordingEventSink sink;
  auto result = RunExperiment(Classic("iris", ModelType::kKnn), sink);
  ASSERT_TRUE(result.ok());
  const auto events = sink.Events();
  EXPECT_EQ(std::get<RunStarted>(events[0]).step_name, "fit");
  EXPECT_EQ(std::get<RunStarted>(events[0]).total_epochs, 1);
  int epochs = 0;
  for (const Event& e : events) {
    epochs += std::holds_alternative<EpochMetrics>(e);
    EXPECT_FALSE(std::holds_alternative<FitProgress>(e));
  }
  EXPECT_EQ(epochs, 1);
}

TEST(OneShotRunTest, StageCheckpointsCoverEveryCountOrAnEvenSpread) {
  EXPECT_TRUE(StageCheckpoints(0).empty());
  EXPECT_EQ(StageCheckpoints(3), (std::vector<int>{1, 2, 3}));
  const std::vector<int> many = StageCheckpoints(1000, 200);
  ASSERT_EQ(many.size(), 200u);
  EXPECT_EQ(many.front(), 1);
  EXPECT_EQ(many.back(), 1000);
  EXPECT_TRUE(std::is_sorted(many.begin(), many.end()));
  EXPECT_EQ(std::adjacent_find(many.begin(), many.end()), many.end());
  const std::vector<int> few_over = StageCheckpoints(201, 200);
  EXPECT_EQ(few_over.back(), 201);
  EXPECT_TRUE(std::is_sorted(few_over.begin(), few_over.end()));
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
