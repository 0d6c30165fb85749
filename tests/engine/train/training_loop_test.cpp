// TrainingLoop and TrainingCallback: callbacks see every batch order, gradient, step and epoch in
// order and may stop the run; the factory picks the loop and refuses full-batch pairings it cannot
// train; PrepareSplits standardises regression targets on the training rows.
#include "engine/train/training_loop.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/losses/cross_entropy_loss.h"
#include "engine/models/dense_network.h"
#include "engine/train/mini_batch_loop.h"
#include "engine/train/prepared_splits.h"
#include "engine/train/regularization_callbacks.h"
#include "engine/train/training_loop_factory.h"
#include "tests/engine/train/fake_sgd.h"
#include "tests/engine/train/trainer_fixtures.h"

namespace optiscope {
namespace training_loop_test {

using testing::Blobs;
using testing::FakeSgd;
using testing::Init;
using testing::Mlp;
using testing::Opts;

// Counts every call; says stop at the end of epoch `stop_at` (0 = never).
class CountingCallback final : public TrainingCallback {
 public:
  explicit CountingCallback(int stop_at = 0) : stop_at_(stop_at) {}
  Decision OnBatchOrder(int epoch, std::span<const int> order) override {
    orders.push_back(epoch);
    rows_per_order = static_cast<int>(order.size());
    return Decision::kContinue;
  }
  Decision OnGradient(std::span<Scalar>) override {
    ++gradients;
    return Decision::kContinue;
  }
  Decision OnStep(const StepView& step) override {
    last_update = step.updates;
    return Decision::kContinue;
  }
  Decision OnEpochEnd(const EpochView& view) override {
    epochs.push_back(view.epoch);
    return view.epoch == stop_at_ ? Decision::kStop : Decision::kContinue;
  }
  void OnTrainEnd(const Status& status, std::span<Scalar>) override { ended_ok = status.ok(); }

  std::vector<int> orders, epochs;
  int rows_per_order = 0;
  int gradients = 0;
  long long last_update = 0;
  bool ended_ok = false;

 private:
  int stop_at_;
};

TEST(TrainingLoopTest, CallbacksSeeEveryBatchOrderGradientStepAndEpoch) {
  const auto data = Blobs(100, 20, 3, 2, 1);
  auto net = Mlp({3, 8, 2});
  auto params = Init(net);
  CrossEntropyLoss<Scalar> ce;
  FakeSgd sgd;
  NullEventSink sink;
  MiniBatchLoop loop(sgd, Opts(3, 25));
  CountingCallback counting;
  TrainingCallback* const callbacks[] = {&counting};
  const TrainOutcome out = loop.Run(
      {net, ce, data.X, data.y, data.X_val, data.y_val, params, sink}, callbacks);
  EXPECT_TRUE(out.status.ok()) << out.status.message();
  EXPECT_EQ(counting.orders, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(counting.rows_per_order, 100);
  EXPECT_EQ(counting.gradients, 3 * 4);
  EXPECT_EQ(counting.last_update, 3 * 4);
  EXPECT_EQ(counting.epochs, (std::vector<int>{1, 2, 3}));
  EXPECT_TRUE(counting.ended_ok);
  EXPECT_FALSE(out.stopped_early);
}

TEST(TrainingLoopTest, ACallbackThatSaysStopEndsTheRunOkAfterThatEpoch) {
  const auto data = Blobs(100, 20, 3, 2, 1);
  auto net = Mlp({3, 8, 2});
  auto params = Init(net);
  CrossEntropyLoss<Scalar> ce;
  FakeSgd sgd;
  RecordingEventSink sink;
  MiniBatchLoop loop(sgd, Opts(10, 25));
  CountingCallback stopper(/*stop_at=*/4);
  CountingCallback observer;
  TrainingCallback* const callbacks[] = {&stopper, &observer};
  const TrainOutcome out = loop.Run(
      {net, ce, data.X, data.y, data.X_val, data.y_val, params, sink}, callbacks);
  EXPECT_TRUE(out.status.ok()) << out.status.message();
  EXPECT_EQ(out.epochs_run, 4);
  EXPECT_TRUE(out.stopped_early);
  EXPECT_EQ(out.history.size(), 4u);
  EXPECT_EQ(sgd.steps, 4 * 4);
  // Every callback still sees the epoch a stop was asked at.
  EXPECT_EQ(observer.epochs, (std::vector<int>{1, 2, 3, 4}));
}

TEST(TrainingLoopTest, RegularizationCallbacksComeInTheLoopsOrderAroundTheExtraOnes) {
  const auto data = Blobs(50, 10, 3, 2, 1);
  auto net = Mlp({3, 4, 2});
  auto params = Init(net);
  CrossEntropyLoss<Scalar> ce;
  NullEventSink sink;
  RegularizationConfig reg;
  reg.clip_grad_norm = 1.0;
  reg.l1 = 1e-3;
  reg.early_stopping_patience = 2;
  CountingCallback extra;
  TrainingCallback* const extras[] = {&extra};
  const TrainingProblem problem{net, ce, data.X, data.y, data.X_val, data.y_val, params, sink};
  RegularizationCallbacks callbacks(reg, problem, true, extras);
  ASSERT_EQ(callbacks.all().size(), 4u);
  EXPECT_NE(dynamic_cast<GradientClipping*>(callbacks.all()[0]), nullptr);
  EXPECT_NE(dynamic_cast<L1Proximal*>(callbacks.all()[1]), nullptr);
  EXPECT_EQ(callbacks.all()[2], &extra);
  EXPECT_EQ(callbacks.all()[3], &callbacks.early_stopping());
  RegularizationCallbacks none(RegularizationConfig{}, problem, true);
  EXPECT_TRUE(none.all().empty());
}

TEST(TrainingLoopFactoryTest, FullBatchNeedsASmoothDeterministicObjective) {
  ExperimentConfig config = DemoConfig();
  config.optimizer = DefaultOptimizerConfig(OptimizerType::kLbfgs);
  EXPECT_TRUE(CheckTrainingLoop(config, config.optimizer).ok());
  for (int which = 0; which < 3; ++which) {
    ExperimentConfig bad = config;
    if (which == 0) bad.regularization.l1 = 0.01;
    if (which == 1) bad.regularization.clip_grad_norm = 1.0;
    if (which == 2) bad.model.dropout = 0.2;
    const Status s = CheckTrainingLoop(bad, bad.optimizer);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << which;
    EXPECT_EQ(s.message().rfind("optimizer.type: lbfgs", 0), 0u) << s.message();
    const auto loop = MakeTrainingLoop(bad, bad.optimizer, TrainerOptions{}, 100);
    EXPECT_FALSE(loop.ok());
  }
  // First-order optimizers take l1, clipping and dropout.
  ExperimentConfig adam = config;
  adam.optimizer = DefaultOptimizerConfig(OptimizerType::kAdamw);
  adam.regularization.l1 = 0.01;
  adam.model.dropout = 0.2;
  EXPECT_TRUE(MakeTrainingLoop(adam, adam.optimizer, TrainerOptions{}, 100).ok());
  adam.optimizer.type = static_cast<OptimizerType>(99);  // a bad cast: the rule check catches it
  EXPECT_EQ(CheckTrainingLoop(adam, adam.optimizer).code(), StatusCode::kInvalidArgument);
}

TEST(PrepareSplitsTest, StandardisesRegressionTargetsOnTheTrainingRows) {
  ExperimentConfig c = DemoConfig();
  c.data.source = "synthetic";
  c.data.synthetic.kind = SyntheticKind::kLinear;
  c.data.synthetic.n = 300;
  c.data.synthetic.features = 3;
  auto data = PrepareSplits(c);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->task, TaskKind::kRegression);
  const VecD y = data->train.y.cast<double>();
  EXPECT_NEAR(y.mean(), 0.0, 1e-5);
  EXPECT_NEAR(std::sqrt((y.array() - y.mean()).square().mean()), 1.0, 1e-5);
  EXPECT_GT(data->validation.NumRows() + data->test.NumRows(), 0);

  PrepareOptions keep;
  keep.standardize_targets = false;
  auto raw = PrepareSplits(c, keep);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->target_scaling.offset, 0.0);
  EXPECT_EQ(raw->target_scaling.scale, 1.0);
  const VecD back = (y.array() * data->target_scaling.scale + data->target_scaling.offset).matrix();
  EXPECT_LT((back - raw->train.y.cast<double>()).cwiseAbs().maxCoeff(), 1e-3);
}

TEST(RunStatusNameTest, NamesTheThreeOutcomes) {
  EXPECT_STREQ(RunStatusName(Status::Ok()), "ok");
  EXPECT_STREQ(RunStatusName(Status::Cancelled("stopped")), "cancelled");
  EXPECT_STREQ(RunStatusName(Status::Diverged("loss became NaN")), "failed");
}

}  // namespace training_loop_test
}  // namespace optiscope
