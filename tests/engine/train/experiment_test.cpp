// RunExperiment end to end on the built-in and synthetic datasets: accuracy targets (digits demo,
// iris), regression R², event stream, cancellation, divergence, determinism, trained model reuse.
#include "engine/train/experiment.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <stop_token>

#include "engine/data/data_source.h"
#include "engine/data/splits.h"
#include "engine/models/least_squares.h"

namespace optiscope {
namespace experiment_test {

TEST(RunExperimentTest, DigitsDemoReachesAtLeast96PercentAndStreamsEvents) {
  RecordingEventSink sink;
  RunOptions options;
  options.run_id = "demo";
  auto result = RunExperiment(DemoConfig(), sink, {}, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_EQ(result->task, TaskKind::kClassification);
  EXPECT_EQ(result->epochs_run, 30);
  EXPECT_GE(result->test.accuracy, 0.96);
  EXPECT_GE(result->validation.accuracy, 0.94);
  EXPECT_TRUE(std::isnan(result->test.rmse));
  const auto events = sink.Events();
  ASSERT_EQ(events.size(), 32u);
  const auto& started = std::get<RunStarted>(events.front());
  EXPECT_EQ(started.run_id, "demo");
  EXPECT_EQ(started.total_epochs, 30);
  EXPECT_EQ(started.metric_name, "accuracy");
  EXPECT_EQ(started.description, "digits: mlp 64-128-64-10 relu, adam lr=0.001");
  for (int e = 1; e <= 30; ++e) {
    const auto& m = std::get<EpochMetrics>(events[e]);
    EXPECT_EQ(m.epoch, e);
    EXPECT_EQ(m.run_id, "demo");
    EXPECT_TRUE(std::isfinite(m.train_loss) && std::isfinite(m.val_loss));
    EXPECT_DOUBLE_EQ(m.learning_rate, 1e-3);
  }
  const auto& finished = std::get<RunFinished>(events.back());
  EXPECT_EQ(finished.status, RunEnd::kOk);
  EXPECT_EQ(finished.epochs_run, 30);
  EXPECT_DOUBLE_EQ(finished.test_accuracy, result->test.accuracy);
  EXPECT_DOUBLE_EQ(finished.test_loss, result->test.loss);
  EXPECT_GT(finished.seconds, 0.0);
}

ExperimentConfig Iris() {
  ExperimentConfig c;
  c.data.source = "iris";
  c.model.type = ModelType::kMlp;
  c.model.hidden = {16};
  c.optimizer = DefaultOptimizerConfig(OptimizerType::kAdam);
  c.optimizer.lr = 1e-2;
  c.training.batch_size = 16;
  c.training.epochs = 60;
  return c;
}

TEST(RunExperimentTest, IrisReachesAtLeast93Percent) {
  NullEventSink sink;
  auto result = RunExperiment(Iris(), sink);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_GE(result->test.accuracy, 0.93);
  ExperimentConfig logistic = Iris();
  logistic.model.type = ModelType::kLogistic;
  auto lr = RunExperiment(logistic, sink);
  ASSERT_TRUE(lr.ok()) << lr.status().ToString();
  EXPECT_GE(lr->test.accuracy, 0.93);
}

TEST(RunExperimentTest, DiabetesLinearRegressionHasASaneR2) {
  ExperimentConfig c;
  c.data.source = "diabetes";
  c.model.type = ModelType::kLinear;
  c.optimizer = DefaultOptimizerConfig(OptimizerType::kSgd);
  c.optimizer.lr = 0.02;
  c.training.epochs = 60;
  RecordingEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_EQ(result->task, TaskKind::kRegression);
  // Linear models explain about half of the variance of this dataset (scikit-learn's
  // LinearRegression gets R² ~0.45-0.55 depending on the split).
  EXPECT_GT(result->test.r2, 0.3);
  EXPECT_LT(result->test.r2, 0.7);
  EXPECT_TRUE(std::isnan(result->test.accuracy));
  const auto events = sink.Events();
  EXPECT_EQ(std::get<RunStarted>(events.front()).metric_name, "rmse");
  const auto& finished = std::get<RunFinished>(events.back());
  EXPECT_DOUBLE_EQ(finished.test_r2, result->test.r2);
  EXPECT_DOUBLE_EQ(finished.test_rmse, result->test.rmse);
}

TEST(RunExperimentTest, RegressionTargetsAreStandardisedAndPredictionsMappedBack) {
  ExperimentConfig c;
  c.data.source = "diabetes";
  c.model.type = ModelType::kMlp;
  c.model.hidden = {32};
  c.training.epochs = 60;  // default Adam lr 1e-3 works because targets are standardised
  NullEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_GT(result->test.r2, 0.3);
  const TrainedModel& trained = result->model;
  EXPECT_GT(trained.target_offset, 100.0);  // diabetes targets: mean ~152, std ~77
  EXPECT_GT(trained.target_scale, 50.0);
  auto data = LoadDataset(c.data);
  ASSERT_TRUE(data.ok());
  auto predicted = Predict(trained, data->X);
  ASSERT_TRUE(predicted.ok());
  const double mean_prediction = predicted->cast<double>().mean();
  EXPECT_NEAR(mean_prediction, data->y.cast<double>().mean(), 15.0);  // original units
  const double rmse = std::sqrt((predicted->cast<double>() - data->y.cast<double>()).squaredNorm() /
                                data->NumRows());
  EXPECT_LT(rmse, 70.0);  // better than predicting the mean (std ~77)
}

TEST(RunExperimentTest, SyntheticLinearMlpRegressionFitsWell) {
  ExperimentConfig c;
  c.data.source = "synthetic";
  c.data.synthetic.kind = SyntheticKind::kLinear;
  c.data.synthetic.n = 400;
  c.data.synthetic.features = 3;
  c.data.synthetic.noise = 0.1;
  c.model.type = ModelType::kMlp;
  c.model.hidden = {16};
  c.model.activation = Activation::kTanh;
  c.optimizer.lr = 1e-2;
  c.training.epochs = 40;
  NullEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_GT(result->test.r2, 0.9);
}

// Requests a stop as soon as the first epoch is reported.
class StopAfterFirstEpoch final : public EventSink {
 public:
  explicit StopAfterFirstEpoch(std::stop_source* source) : source_(source) {}
  void Publish(Event event) override {
    if (std::holds_alternative<EpochMetrics>(event)) source_->request_stop();
    recorder.Publish(std::move(event));
  }
  RecordingEventSink recorder;

 private:
  std::stop_source* source_;
};

TEST(RunExperimentTest, StopAfterFirstEpochIsCancelledWithinOneBatch) {
  std::stop_source source;
  StopAfterFirstEpoch sink(&source);
  auto result = RunExperiment(DemoConfig(), sink, source.get_token());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status.code(), StatusCode::kCancelled);
  EXPECT_EQ(result->status.message(), "stopped at epoch 2, batch 1");
  EXPECT_EQ(result->epochs_run, 1);
  EXPECT_TRUE(std::isnan(result->test.accuracy));
  const auto events = sink.recorder.Events();
  ASSERT_EQ(events.size(), 3u);  // started, one epoch, finished
  const auto& finished = std::get<RunFinished>(events.back());
  EXPECT_EQ(finished.status, RunEnd::kCancelled);
  EXPECT_TRUE(std::isnan(finished.test_accuracy));
}

TEST(RunExperimentTest, HugeLearningRateFailsWithAReason) {
  ExperimentConfig c = Iris();
  c.optimizer = DefaultOptimizerConfig(OptimizerType::kSgd);
  c.optimizer.lr = 1e30;
  RecordingEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status.code(), StatusCode::kDiverged);
  EXPECT_TRUE(std::regex_match(result->status.message(),
                               std::regex("loss became (NaN|Inf) at epoch 1, batch [0-9]+")))
      << result->status.message();
  const auto events = sink.Events();
  const auto& finished = std::get<RunFinished>(events.back());
  EXPECT_EQ(finished.status, RunEnd::kFailed);
  EXPECT_EQ(finished.reason, result->status.message());
}

TEST(RunExperimentTest, SameConfigSameNumbers) {
  ExperimentConfig c = Iris();
  c.model.dropout = 0.1;
  c.training.epochs = 10;
  NullEventSink sink;
  auto a = RunExperiment(c, sink);
  auto b = RunExperiment(c, sink);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->model.parameters, b->model.parameters);
  ASSERT_EQ(a->history.size(), b->history.size());
  for (size_t i = 0; i < a->history.size(); ++i) {
    EXPECT_EQ(a->history[i].train_loss, b->history[i].train_loss);
    EXPECT_EQ(a->history[i].val_loss, b->history[i].val_loss);
  }
  EXPECT_EQ(a->test.loss, b->test.loss);
  c.training.seed = 1;
  auto other = RunExperiment(c, sink);
  EXPECT_NE(a->model.parameters, other->model.parameters);
}

TEST(RunExperimentTest, TrainedModelPredictsRawRows) {
  NullEventSink sink;
  auto result = RunExperiment(Iris(), sink);
  ASSERT_TRUE(result.ok());
  const TrainedModel& trained = result->model;
  EXPECT_EQ(trained.num_inputs, 4);
  EXPECT_EQ(trained.num_outputs, 3);
  EXPECT_EQ(trained.class_names.size(), 3u);
  auto data = LoadDataset(Iris().data);
  ASSERT_TRUE(data.ok());
  auto predicted = Predict(trained, data->X);  // raw features: preprocessing is inside
  ASSERT_TRUE(predicted.ok());
  int correct = 0;
  for (int i = 0; i < data->NumRows(); ++i) correct += (*predicted)[i] == data->y[i];
  EXPECT_GE(correct, 0.93 * data->NumRows());
  EXPECT_FALSE(Predict(trained, Mat::Zero(2, 5)).ok());
}

TEST(RunExperimentTest, EarlyStoppingReportsBestEpoch) {
  ExperimentConfig c = Iris();
  c.training.epochs = 200;
  c.optimizer.lr = 5e-2;
  c.regularization.early_stopping_patience = 5;
  RecordingEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_TRUE(result->stopped_early);
  EXPECT_EQ(result->epochs_run, result->best_epoch + 5);
  EXPECT_NEAR(result->validation.loss, result->history[result->best_epoch - 1].val_loss, 1e-6);
  const auto events = sink.Events();
  EXPECT_EQ(std::get<RunFinished>(events.back()).best_epoch, result->best_epoch);
}

TEST(RunExperimentTest, CosineScheduleAnnealsTheRateOverTheRun) {
  ExperimentConfig c = Iris();
  c.training.epochs = 10;
  c.schedule.type = ScheduleType::kCosine;
  RecordingEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  ASSERT_EQ(result->history.size(), 10u);
  EXPECT_DOUBLE_EQ(result->history[0].learning_rate, 1e-2);
  for (int e = 1; e < 10; ++e) {
    EXPECT_NEAR(result->history[e].learning_rate,
                0.5 * 1e-2 * (1 + std::cos(3.14159265358979 * e / 10)), 1e-12);
  }
  c.schedule.type = static_cast<ScheduleType>(99);  // a bad cast
  EXPECT_FALSE(RunExperiment(c, sink).ok());
}

TEST(RunExperimentTest, InvalidConfigurationsAreErrorsNamingTheField) {
  NullEventSink sink;
  ExperimentConfig c = Iris();
  c.training.epochs = 0;
  auto r = RunExperiment(c, sink);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("training.epochs"), std::string::npos);
  c = Iris();
  c.model.type = static_cast<ModelType>(99);  // a bad cast
  r = RunExperiment(c, sink);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("model.type"), std::string::npos);
  c = Iris();
  c.model.type = ModelType::kLinear;  // regression model on a classification target
  EXPECT_FALSE(RunExperiment(c, sink).ok());
  c = Iris();
  c.data.source = "no_such_dataset_or_file.csv";
  EXPECT_FALSE(RunExperiment(c, sink).ok());
}

}  // namespace experiment_test
}  // namespace optiscope

namespace optiscope {
namespace experiment_test {

TEST(RunExperimentLbfgsTest, FullBatchLbfgsFitsLinearRegressionToTheClosedForm) {
  ExperimentConfig c;
  c.data.source = "synthetic";
  c.data.synthetic.kind = SyntheticKind::kLinear;
  c.data.synthetic.n = 300;
  c.data.synthetic.features = 4;
  c.data.synthetic.noise = 0.1;
  c.model.type = ModelType::kLinear;
  c.optimizer = DefaultOptimizerConfig(OptimizerType::kLbfgs);
  c.training.epochs = 5;
  RecordingEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_EQ(sink.Events().size(), 7u);  // started, 5 epochs, finished
  EXPECT_GT(result->test.r2, 0.95);
  // The same split and scaling as RunExperiment, solved in closed form.
  auto data = LoadDataset(c.data);
  ASSERT_TRUE(data.ok());
  HoldoutOptions h;
  h.validation_fraction = c.data.validation_fraction;
  h.test_fraction = c.data.test_fraction;
  h.seed = c.data.split_seed;
  h.stratify = false;
  auto split = MakeHoldoutSplit(data->NumRows(), h);
  ASSERT_TRUE(split.ok());
  Dataset train = data->Subset(split->train);
  result->model.preprocessor.Transform(&train.X);
  const Vec scaled_y =
      ((train.y.array() - result->model.target_offset) / result->model.target_scale)
          .matrix();  // trained on standardised targets
  auto exact = FitLeastSquares(train.X, scaled_y);
  ASSERT_TRUE(exact.ok());
  ASSERT_EQ(exact->size(), result->model.parameters.size());
  for (size_t i = 0; i < exact->size(); ++i) {
    EXPECT_NEAR(result->model.parameters[i], (*exact)[i], 1e-3) << i;
  }
  c.model.type = ModelType::kMlp;
  c.model.dropout = 0.5;
  EXPECT_FALSE(RunExperiment(c, sink).ok());
}

TEST(RunExperimentLbfgsTest, StopAfterFirstEpochCancelsBeforeTheNextStep) {
  ExperimentConfig c = Iris();
  c.optimizer = DefaultOptimizerConfig(OptimizerType::kLbfgs);
  std::stop_source source;
  StopAfterFirstEpoch sink(&source);
  auto result = RunExperiment(c, sink, source.get_token());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status.code(), StatusCode::kCancelled);
  EXPECT_EQ(result->status.message(), "stopped at epoch 2");
  EXPECT_EQ(result->epochs_run, 1);
}

TEST(RunExperimentLbfgsTest, LbfgsTrainsIrisLogisticRegression) {
  ExperimentConfig c = Iris();
  c.model.type = ModelType::kLogistic;
  c.optimizer = DefaultOptimizerConfig(OptimizerType::kLbfgs);
  c.training.epochs = 10;
  NullEventSink sink;
  auto result = RunExperiment(c, sink);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_GE(result->test.accuracy, 0.93);
}

}  // namespace experiment_test
}  // namespace optiscope
