// The optimizer race end to end on small synthetic data: fairness (same initial weights, same
// batch order for every racer), events, ranking, tuning, landscape, decision boundaries, lbfgs.
#include "engine/race/race.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

namespace optiscope {
namespace race_test {

ExperimentConfig SmallConfig(int epochs = 4) {
  ExperimentConfig c;
  c.data.source = "synthetic";
  c.data.synthetic.kind = SyntheticKind::kMoons;
  c.data.synthetic.n = 240;
  c.data.synthetic.seed = 5;
  c.model.type = ModelType::kMlp;
  c.model.hidden = {8};
  c.training.epochs = epochs;
  c.training.batch_size = 16;
  c.training.seed = 11;
  return c;
}

RaceOptions Options(const std::string& spec) {
  RaceOptions o;
  auto racers = ParseRacerSpecs(spec);
  EXPECT_TRUE(racers.ok()) << racers.status().message();
  if (racers.ok()) o.racers = *racers;
  return o;
}

TEST(RaceTest, EveryRacerStartsFromTheSameWeightsAndSeesTheSameBatches) {
  RecordingEventSink sink;
  auto result = RunRace(SmallConfig(), Options("sgd:lr=0.1,momentum,adam:lr=0.01,rmsprop"), sink,
                        {}, /*record_batch_orders=*/true);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->racers.size(), 4u);
  const RacerOutcome& first = result->racers.front();
  ASSERT_EQ(first.batch_orders.size(), 4u);                 // one order per epoch
  EXPECT_NE(first.batch_orders[0], first.batch_orders[1]);  // reshuffled each epoch
  for (const RacerOutcome& r : result->racers) {
    EXPECT_EQ(r.initial_params, first.initial_params) << r.spec.label;
    EXPECT_EQ(r.batch_orders, first.batch_orders) << r.spec.label;
    EXPECT_EQ(r.batch_order_hash, first.batch_order_hash) << r.spec.label;
    EXPECT_TRUE(r.outcome.status.ok()) << r.outcome.status.message();
    EXPECT_EQ(r.outcome.epochs_run, 4);
    EXPECT_NE(r.final_params, r.initial_params);
  }
  // Different optimizers end in different places.
  EXPECT_NE(result->racers[0].final_params, result->racers[2].final_params);
  // The batch order follows the training seed: another seed, another hash.
  ExperimentConfig other = SmallConfig();
  other.training.seed = 12;
  NullEventSink null;
  auto reseeded = RunRace(other, Options("sgd"), null);
  ASSERT_TRUE(reseeded.ok());
  EXPECT_NE(reseeded->racers[0].batch_order_hash, first.batch_order_hash);
  EXPECT_NE(reseeded->racers[0].initial_params, first.initial_params);
}

TEST(RaceTest, RacerWithTheSameOptimizerReproducesItsSoloRun) {
  // Racing concurrently does not change a racer's numbers.
  NullEventSink sink;
  auto duo = RunRace(SmallConfig(), Options("adam:lr=0.01,sgd:lr=0.1"), sink);
  auto solo = RunRace(SmallConfig(), Options("adam:lr=0.01"), sink);
  ASSERT_TRUE(duo.ok() && solo.ok());
  EXPECT_EQ(duo->racers[0].final_params, solo->racers[0].final_params);
}

TEST(RaceTest, PublishesCurvesPerRacerAndRanksThem) {
  RecordingEventSink sink;
  auto result = RunRace(SmallConfig(), Options("sgd:lr=0.001,adam:lr=0.02"), sink);
  ASSERT_TRUE(result.ok());
  std::map<std::string, int> epochs;
  int started = 0, finished = 0, boundaries = 0;
  for (const Event& e : sink.Events()) {
    if (auto* m = std::get_if<EpochMetrics>(&e)) ++epochs[m->run_id];
    if (auto* s = std::get_if<RaceStarted>(&e)) {
      ++started;
      EXPECT_EQ(s->racers, (std::vector<std::string>{"sgd", "adam"}));
      EXPECT_EQ(s->points_xy.size(), 2 * s->point_labels.size());
      EXPECT_EQ(s->num_classes, 2);
    }
    if (auto* b = std::get_if<DecisionBoundary>(&e)) {
      ++boundaries;
      EXPECT_EQ(b->labels.size(), static_cast<size_t>(b->nx * b->ny));
    }
    if (std::holds_alternative<RaceFinished>(e)) ++finished;
  }
  EXPECT_EQ(started, 1);
  EXPECT_EQ(finished, 1);
  EXPECT_EQ(epochs["sgd"], 4);
  EXPECT_EQ(epochs["adam"], 4);
  EXPECT_EQ(boundaries, 2 * 5);  // epoch 0 and every epoch, per racer
  const RaceFinished& f = result->finished;
  ASSERT_EQ(f.standings.size(), 2u);
  // Adam at 0.02 beats SGD at 0.001 in 4 epochs by far.
  EXPECT_EQ(f.standings[0].optimizer, "adam");
  EXPECT_EQ(f.standings[0].rank, 1);
  EXPECT_LT(f.standings[0].best_val_loss, f.standings[1].best_val_loss);
  EXPECT_EQ(f.monitored, "validation");
  // Default target: the worst racer's best loss, which every racer reaches.
  EXPECT_DOUBLE_EQ(f.target_loss, f.standings[1].best_val_loss);
  for (const RaceStanding& s : f.standings) {
    EXPECT_GE(s.target_epoch, 1);
    EXPECT_TRUE(std::isfinite(s.target_seconds));
  }
  EXPECT_EQ(f.standings[1].target_epoch, f.standings[1].best_epoch);
}

TEST(RaceTest, TargetLossNobodyReachesLeavesTargetEpochZero) {
  NullEventSink sink;
  RaceOptions o = Options("sgd:lr=0.01");
  o.target_loss = 1e-9;
  auto result = RunRace(SmallConfig(2), o, sink);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->finished.standings[0].target_epoch, 0);
  EXPECT_TRUE(std::isnan(result->finished.standings[0].target_seconds));
}

TEST(RaceTest, TuneEachGivesEveryRacerTheSameBudgetAndReportsTheChoice) {
  RecordingEventSink sink;
  RaceOptions o = Options("sgd,adam");
  o.tune_each = true;
  o.tuning.trials = 4;
  o.tuning.epochs = 1;
  auto result = RunRace(SmallConfig(2), o, sink);
  ASSERT_TRUE(result.ok());
  int tuned = 0;
  for (const Event& e : sink.Events()) {
    if (auto* t = std::get_if<RacerTuned>(&e)) {
      ++tuned;
      EXPECT_EQ(t->lrs.size(), 4u);
      EXPECT_EQ(t->losses.size(), 4u);
      EXPECT_EQ(t->epochs_per_try, 1);
      // The pick is the try with the lowest loss.
      size_t best = 0;
      for (size_t i = 1; i < t->losses.size(); ++i) {
        if (t->losses[i] < t->losses[best]) best = i;
      }
      EXPECT_DOUBLE_EQ(t->chosen_lr, t->lrs[best]);
    }
  }
  EXPECT_EQ(tuned, 2);
  for (const RacerOutcome& r : result->racers) {
    EXPECT_DOUBLE_EQ(r.spec.optimizer.lr, r.tuning.chosen_lr);
  }
  for (const RaceStanding& s : result->finished.standings) EXPECT_TRUE(s.tuned);
}

TEST(RaceTest, TuningGridIsLogSpacedAndContainsTheBaseRate) {
  TuningOptions o;
  const std::vector<double> grid = TuningGrid(1e-3, o);
  ASSERT_EQ(grid.size(), 6u);
  EXPECT_NEAR(grid[0], 1e-3 * std::pow(10.0, -1.5), 1e-12);
  EXPECT_NEAR(grid[3], 1e-3, 1e-12);
  EXPECT_NEAR(grid[5], 1e-2, 1e-12);
  for (size_t i = 2; i < grid.size(); ++i) {
    EXPECT_NEAR(grid[i] / grid[i - 1], grid[1] / grid[0], 1e-9);
  }
}

TEST(RaceTest, LbfgsRacesFullBatchAndTheLandscapeCoversEveryPath) {
  RecordingEventSink sink;
  RaceOptions o = Options("lbfgs,adam:lr=0.02");
  o.landscape = true;
  o.landscape_options.grid = 9;
  o.boundary_every = 0;
  auto result = RunRace(SmallConfig(3), o, sink, {}, true);
  ASSERT_TRUE(result.ok()) << result.status().message();
  const RacerOutcome& lbfgs = result->racers[0];
  EXPECT_TRUE(lbfgs.outcome.status.ok()) << lbfgs.outcome.status.message();
  ASSERT_FALSE(lbfgs.batch_orders.empty());
  for (size_t i = 0; i < lbfgs.batch_orders[0].size(); ++i) EXPECT_EQ(lbfgs.batch_orders[0][i], i);
  EXPECT_EQ(lbfgs.initial_params, result->racers[1].initial_params);
  ASSERT_TRUE(result->has_landscape);
  const LossLandscape& l = result->landscape;
  EXPECT_EQ(l.nx, 9);
  EXPECT_EQ(l.loss.size(), 81u);
  ASSERT_EQ(l.paths.size(), 2u);
  for (const LandscapePath& p : l.paths) {
    EXPECT_EQ(p.ab.size(), 2u * 4);  // initial + 3 epochs
    for (size_t i = 0; i < p.ab.size(); i += 2) {
      EXPECT_GE(p.ab[i], l.a_min);
      EXPECT_LE(p.ab[i], l.a_max);
      EXPECT_GE(p.ab[i + 1], l.b_min);
      EXPECT_LE(p.ab[i + 1], l.b_max);
    }
  }
  // The winner's final point is the origin of the plane.
  const std::string winner = result->finished.standings[0].optimizer;
  for (const LandscapePath& p : l.paths) {
    if (p.racer != winner) continue;
    EXPECT_NEAR(p.ab[p.ab.size() - 2], 0.0, 1e-4);
    EXPECT_NEAR(p.ab.back(), 0.0, 1e-4);
  }
  EXPECT_GT(l.explained[0], 0.0);
  EXPECT_LE(l.explained[0] + l.explained[1], 1.0 + 1e-9);
  int finite = 0;
  for (float v : l.loss) finite += std::isfinite(v) ? 1 : 0;
  EXPECT_EQ(finite, 81);
  bool published = false;
  for (const Event& e : sink.Events()) published |= std::holds_alternative<LossLandscape>(e);
  EXPECT_TRUE(published);
}

TEST(RaceTest, DivergingRacerIsRankedLastAndTheOthersFinish) {
  NullEventSink sink;
  auto result = RunRace(SmallConfig(3), Options("sgd:lr=1e6,adam:lr=0.01"), sink);
  ASSERT_TRUE(result.ok());
  const auto& st = result->finished.standings;
  EXPECT_EQ(st[0].optimizer, "adam");
  EXPECT_EQ(st[0].status, RunEnd::kOk);
  EXPECT_EQ(st[1].optimizer, "sgd");
  EXPECT_EQ(st[1].status, RunEnd::kFailed);
  EXPECT_FALSE(st[1].reason.empty());
}

TEST(RaceTest, BadRacerIsRejectedBeforeAnythingRuns) {
  RecordingEventSink sink;
  RaceOptions o;
  o.racers = {{"adam", DefaultOptimizerConfig(OptimizerType::kAdam)},
              {"bad", DefaultOptimizerConfig(OptimizerType::kAdam)}};
  o.racers[1].optimizer.beta1 = 1.5;
  auto result = RunRace(SmallConfig(), o, sink);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("racer bad"), std::string::npos);
  EXPECT_TRUE(sink.Events().empty());
  ExperimentConfig dropout = SmallConfig();
  dropout.model.dropout = 0.2;
  auto lbfgs = RunRace(dropout, Options("lbfgs"), sink);
  ASSERT_FALSE(lbfgs.ok());
  EXPECT_NE(lbfgs.status().message().find("dropout"), std::string::npos);
}

TEST(RaceTest, StopCancelsEveryRacerAndStillRanks) {
  RecordingEventSink sink;
  std::stop_source stop;
  stop.request_stop();
  auto result = RunRace(SmallConfig(), Options("sgd,adam"), sink, stop.get_token());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->finished.status, RunEnd::kCancelled);
  for (const RacerOutcome& r : result->racers) EXPECT_EQ(r.outcome.status.code(), StatusCode::kCancelled);
}

}  // namespace race_test
}  // namespace optiscope
