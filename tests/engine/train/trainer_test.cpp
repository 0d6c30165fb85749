// Trainer: learning, determinism, cancellation within one batch, divergence, early stopping
// restoring the best weights, L1 exact zeros, L2 shrinkage, gradient clipping.
#include "engine/train/trainer.h"

#include <gtest/gtest.h>

#include <regex>
#include <stop_token>
#include <vector>

#include "engine/losses/cross_entropy_loss.h"
#include "engine/losses/mse_loss.h"
#include "engine/models/dense_network.h"
#include "engine/train/metrics.h"
#include "tests/engine/train/fake_sgd.h"
#include "tests/engine/train/trainer_fixtures.h"

namespace optiscope {
namespace trainer_test {

using testing::Blobs;
using testing::FakeSgd;
using testing::Init;
using testing::Mlp;
using testing::Opts;
using testing::SparseLinear;

TEST(TrainerTest, LearnsBlobsAndPublishesOneEventPerEpoch) {
  const auto data = Blobs(300, 100, 4, 3, 1);
  auto net = Mlp({4, 16, 3});
  auto params = Init(net);
  CrossEntropyLoss<Scalar> ce;
  FakeSgd sgd;
  RecordingEventSink sink;
  Trainer trainer(net, ce, sgd, Opts(10, 32, 0.1));
  const TrainOutcome out = trainer.Train(data.X, data.y, data.X_val, data.y_val, params, sink);
  EXPECT_TRUE(out.status.ok()) << out.status.message();
  EXPECT_EQ(out.epochs_run, 10);
  EXPECT_EQ(sgd.steps, 10 * 10);  // ceil(300 / 32) = 10 batches per epoch
  ASSERT_EQ(out.history.size(), 10u);
  const auto events = sink.Events();
  ASSERT_EQ(events.size(), 10u);
  for (int e = 0; e < 10; ++e) {
    const auto& m = std::get<EpochMetrics>(events[e]);
    EXPECT_EQ(m.epoch, e + 1);
    EXPECT_EQ(m.total_epochs, 10);
    EXPECT_DOUBLE_EQ(m.val_loss, out.history[e].val_loss);
    EXPECT_DOUBLE_EQ(m.learning_rate, 0.1);
  }
  EXPECT_LT(out.history.back().train_loss, out.history.front().train_loss);
  EXPECT_GE(out.history.back().val_metric, 0.95);
  const SplitMetrics val =
      EvaluateModel(net, params, ce, data.X_val, data.y_val, TaskKind::kClassification);
  EXPECT_NEAR(val.loss, out.history.back().val_loss, 1e-9);
}

TEST(TrainerTest, SameSeedSameNumbers) {
  const auto data = Blobs(200, 50, 4, 3, 2);
  auto net = Mlp({4, 12, 12, 3}, 0.2);
  CrossEntropyLoss<Scalar> ce;
  auto run = [&](uint64_t seed) {
    auto params = Init(net, seed);
    FakeSgd sgd;
    NullEventSink sink;
    TrainerOptions o = Opts(4, 16, 0.05);
    o.seed = seed;
    Trainer(net, ce, sgd, o).Train(data.X, data.y, data.X_val, data.y_val, params, sink);
    return params;
  };
  EXPECT_EQ(run(5), run(5));
  EXPECT_NE(run(5), run(6));
}

// Requests a stop as soon as the first epoch is reported.
class StopAfterFirstEpoch final : public EventSink {
 public:
  explicit StopAfterFirstEpoch(std::stop_source* source) : source_(source) {}
  void Publish(Event event) override {
    if (std::holds_alternative<EpochMetrics>(event)) source_->request_stop();
  }

 private:
  std::stop_source* source_;
};

TEST(TrainerTest, StopRequestCancelsBeforeTheNextBatch) {
  const auto data = Blobs(200, 50, 4, 3, 3);
  auto net = Mlp({4, 8, 3});
  auto params = Init(net);
  CrossEntropyLoss<Scalar> ce;
  FakeSgd sgd;
  std::stop_source source;
  StopAfterFirstEpoch sink(&source);
  const TrainOutcome out =
      Trainer(net, ce, sgd, Opts(50, 20, 0.05))
          .Train(data.X, data.y, data.X_val, data.y_val, params, sink, source.get_token());
  EXPECT_EQ(out.status.code(), StatusCode::kCancelled);
  EXPECT_EQ(out.status.message(), "stopped at epoch 2, batch 1");
  EXPECT_EQ(out.epochs_run, 1);
  EXPECT_EQ(sgd.steps, 10);  // exactly one epoch of 200/20 batches, none after the request
}

TEST(TrainerTest, DivergenceFailsWithEpochAndBatch) {
  const auto data = Blobs(200, 50, 4, 3, 4);
  auto net = Mlp({4, 8, 3});
  auto params = Init(net);
  CrossEntropyLoss<Scalar> ce;
  FakeSgd sgd;
  NullEventSink sink;
  const TrainOutcome out = Trainer(net, ce, sgd, Opts(5, 32, 1e30))
                               .Train(data.X, data.y, data.X_val, data.y_val, params, sink);
  EXPECT_EQ(out.status.code(), StatusCode::kDiverged);
  EXPECT_TRUE(std::regex_match(out.status.message(),
                               std::regex("loss became (NaN|Inf) at epoch [0-9]+, batch [0-9]+")))
      << out.status.message();
}

// An early-stopping run (patience 3, at most 40 epochs) whose validation labels contradict the
// training labels, so the validation loss rises once training works. `params` ends as trained.
struct EarlyStoppingRun {
  TrainOutcome out;
  double restored_loss = 0.0;      // validation loss of the final (restored) weights
  double restored_accuracy = 0.0;  // and their validation accuracy
};
EarlyStoppingRun RunEarlyStopping(EarlyStoppingMonitor monitor) {
  auto data = Blobs(200, 60, 4, 3, 5);
  for (int i = 0; i < data.y_val.size(); ++i) data.y_val[i] = std::fmod(data.y_val[i] + 1, 3.0f);
  auto net = Mlp({4, 8, 3});
  auto params = Init(net);
  CrossEntropyLoss<Scalar> ce;
  FakeSgd sgd;
  NullEventSink sink;
  TrainerOptions o = Opts(40, 16, 0.05);
  o.regularization.early_stopping_patience = 3;
  o.regularization.early_stopping_monitor = monitor;
  EarlyStoppingRun run;
  run.out = Trainer(net, ce, sgd, o).Train(data.X, data.y, data.X_val, data.y_val, params, sink);
  const auto restored =
      EvaluateModel(net, params, ce, data.X_val, data.y_val, TaskKind::kClassification);
  run.restored_loss = restored.loss;
  run.restored_accuracy = restored.accuracy;
  return run;
}

TEST(TrainerTest, EarlyStoppingRestoresTheBestWeights) {
  const EarlyStoppingRun run = RunEarlyStopping(EarlyStoppingMonitor::kValLoss);
  const TrainOutcome& out = run.out;
  EXPECT_TRUE(out.status.ok()) << out.status.message();
  EXPECT_TRUE(out.stopped_early);
  ASSERT_GE(out.best_epoch, 1);
  EXPECT_EQ(out.epochs_run, out.best_epoch + 3);
  double best = 1e300;
  for (const auto& m : out.history) best = std::min(best, m.val_loss);
  EXPECT_DOUBLE_EQ(out.history[out.best_epoch - 1].val_loss, best);
  EXPECT_NEAR(run.restored_loss, best, 1e-9);
  EXPECT_GT(out.history.back().val_loss, run.restored_loss + 1e-3);
}

TEST(TrainerTest, EarlyStoppingOnTheValidationMetricKeepsTheMostAccurateEpoch) {
  const EarlyStoppingRun run = RunEarlyStopping(EarlyStoppingMonitor::kValMetric);
  const TrainOutcome& out = run.out;
  EXPECT_TRUE(out.status.ok()) << out.status.message();
  ASSERT_GE(out.best_epoch, 1);
  // The kept epoch is the first with the highest validation accuracy seen before stopping, and
  // the restored weights reproduce it.
  double best = -1.0;
  int first_best = 0;
  for (const auto& m : out.history) {
    if (m.val_metric > best) best = m.val_metric, first_best = m.epoch;
  }
  EXPECT_EQ(out.best_epoch, first_best);
  EXPECT_EQ(out.epochs_run, out.stopped_early ? out.best_epoch + 3 : 40);
  EXPECT_DOUBLE_EQ(run.restored_accuracy, best);
}

TEST(TrainerTest, L1ProximalStepGivesExactZerosOnIrrelevantWeightsOnly) {
  const auto data = SparseLinear(400, 100, 10, 6);
  auto net = Mlp({10, 1});
  MseLoss<Scalar> mse;
  auto train = [&](double l1) {
    auto params = Init(net);
    FakeSgd sgd;
    NullEventSink sink;
    TrainerOptions o = Opts(30, 20, 0.05);
    o.task = TaskKind::kRegression;
    o.regularization.l1 = l1;
    Trainer(net, mse, sgd, o).Train(data.X, data.y, data.X_val, data.y_val, params, sink);
    return params;
  };
  const auto plain = train(0.0);
  const auto sparse = train(0.3);
  int plain_zeros = 0, sparse_zeros = 0;
  for (int j = 2; j < 10; ++j) {
    plain_zeros += plain[j] == 0.0f;
    sparse_zeros += sparse[j] == 0.0f;
  }
  EXPECT_EQ(plain_zeros, 0);
  EXPECT_EQ(sparse_zeros, 8);  // every irrelevant weight exactly zero
  // Relevant weights survive, shrunk by l1/2 (the lasso solution for unit-variance inputs).
  EXPECT_NEAR(sparse[0], 2.0 - 0.15, 0.1);
  EXPECT_NEAR(sparse[1], -3.0 + 0.15, 0.1);
  EXPECT_NEAR(sparse[10], 0.5, 0.05);  // the bias is not penalised
}

TEST(TrainerTest, L2ShrinksWeightsButNotBiases) {
  const auto data = SparseLinear(300, 50, 4, 7);
  auto net = Mlp({4, 1});
  MseLoss<Scalar> mse;
  auto train = [&](double l2) {
    auto params = Init(net);
    FakeSgd sgd;
    NullEventSink sink;
    TrainerOptions o = Opts(40, 30, 0.05);
    o.task = TaskKind::kRegression;
    o.regularization.l2 = l2;
    Trainer(net, mse, sgd, o).Train(data.X, data.y, data.X_val, data.y_val, params, sink);
    return params;
  };
  const auto plain = train(0.0), ridge = train(1.0);
  // Minimiser of E(y - w.x)^2 + (l2/2)|w|^2 with unit-variance inputs: w = 2w*/(2 + l2).
  EXPECT_NEAR(plain[0], 2.0, 0.05);
  EXPECT_NEAR(ridge[0], 2.0 * 2 / 3, 0.1);
  EXPECT_NEAR(ridge[1], -3.0 * 2 / 3, 0.1);
  EXPECT_NEAR(ridge[4], plain[4], 0.1);
}

// The rule that saw every gradient of 2 epochs on blobs (batch 10, lr 0.01) with `reg`.
FakeSgd GradientsSeen(const RegularizationConfig& reg) {
  const auto data = Blobs(100, 20, 4, 3, 8);
  auto net = Mlp({4, 8, 3});
  CrossEntropyLoss<Scalar> ce;
  NullEventSink sink;
  auto params = Init(net);
  FakeSgd rule;
  TrainerOptions o = Opts(2, 10, 0.01);
  o.regularization = reg;
  Trainer(net, ce, rule, o).Train(data.X, data.y, data.X_val, data.y_val, params, sink);
  return rule;
}

TEST(TrainerTest, GradientClippingBoundsTheNorm) {
  ASSERT_GT(GradientsSeen({}).max_grad_norm, 0.2);
  EXPECT_LE(GradientsSeen({.clip_grad_norm = 0.1}).max_grad_norm, 0.1 + 1e-6);
}

TEST(TrainerTest, GradientClippingByValueBoundsEveryComponent) {
  ASSERT_GT(GradientsSeen({}).max_abs_grad, 0.05);
  const FakeSgd clipped = GradientsSeen({.clip_grad_value = 0.02});
  EXPECT_LE(clipped.max_abs_grad, 0.02 + 1e-7);
  EXPECT_GT(clipped.max_abs_grad, 0.019);  // the bound is reached, not just respected
}

TEST(TrainerTest, FullBatchWhenBatchSizeIsZeroOrLarge) {
  const auto data = Blobs(50, 0, 3, 2, 9);
  auto net = Mlp({3, 2});
  CrossEntropyLoss<Scalar> ce;
  NullEventSink sink;
  for (int batch : {0, 50, 1000}) {
    auto params = Init(net);
    FakeSgd sgd;
    const TrainOutcome out = Trainer(net, ce, sgd, Opts(3, batch, 0.1))
                                 .Train(data.X, data.y, data.X_val, data.y_val, params, sink);
    EXPECT_EQ(sgd.steps, 3);
    EXPECT_TRUE(std::isnan(out.history.back().val_loss));  // no validation rows
  }
}

}  // namespace trainer_test
}  // namespace optiscope

namespace optiscope {
namespace trainer_test {

TEST(TrainerScheduleTest, EpochScheduleSetsTheRatePerEpoch) {
  const auto data = testing::Blobs(64, 16, 3, 2, 10);
  DenseNetworkOptions o;
  o.layer_sizes = {3, 2};
  DenseNetwork<Scalar> net(o);
  std::vector<Scalar> params(net.NumParameters());
  Rng rng(0);
  net.Initialize(params, rng);
  CrossEntropyLoss<Scalar> ce;
  testing::FakeSgd sgd;
  NullEventSink sink;
  ScheduleConfig sc;
  sc.type = ScheduleType::kStep;
  sc.step_size = 1;
  sc.gamma = 0.5;
  auto schedule = MakeSchedule(sc, 0.1, 3, BatchesPerEpoch(64, 16));
  ASSERT_TRUE(schedule.ok()) << schedule.status().ToString();
  TrainerOptions opts;
  opts.epochs = 3;
  opts.batch_size = 16;
  const TrainOutcome out = Trainer(net, ce, sgd, opts, schedule->get())
                               .Train(data.X, data.y, data.X_val, data.y_val, params, sink);
  ASSERT_EQ(out.history.size(), 3u);
  EXPECT_DOUBLE_EQ(out.history[0].learning_rate, 0.1);
  EXPECT_DOUBLE_EQ(out.history[1].learning_rate, 0.05);
  EXPECT_DOUBLE_EQ(out.history[2].learning_rate, 0.025);
  EXPECT_EQ(BatchesPerEpoch(64, 16), 4);
  EXPECT_EQ(BatchesPerEpoch(65, 16), 5);
  EXPECT_EQ(BatchesPerEpoch(10, 0), 1);
}

}  // namespace trainer_test
}  // namespace optiscope
