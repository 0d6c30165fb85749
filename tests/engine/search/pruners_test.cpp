#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/search/hyperband_pruner.h"
#include "engine/search/percentile_pruner.h"
#include "engine/search/successive_halving_pruner.h"

namespace optiscope {
namespace pruners_test {

FrozenTrial Curve(int number, TrialState state, std::vector<double> values, int first_step = 0) {
  FrozenTrial t;
  t.number = number;
  t.state = state;
  for (size_t i = 0; i < values.size(); ++i) t.intermediate[first_step + static_cast<int>(i)] = values[i];
  if (state == TrialState::kComplete) t.values = {values.back()};
  return t;
}

// Five completed curves whose values at step 2 are 1, 2, 3, 4, 5 (median 3, 25th pct 2).
std::vector<FrozenTrial> Completed(int n = 5) {
  std::vector<FrozenTrial> h;
  for (int i = 0; i < n; ++i) {
    const double v = i + 1.0;
    h.push_back(Curve(i, TrialState::kComplete, {v + 2, v + 1, v, v, v}));
  }
  return h;
}

TEST(MedianPrunerTest, PrunesWhenBestSoFarIsWorseThanTheMedianAtTheStep) {
  PercentilePruner median;
  const auto h = Completed();
  EXPECT_TRUE(median.ShouldPrune(Curve(9, TrialState::kRunning, {5, 4, 3.5}), h,
                                 Direction::kMinimize));
  EXPECT_FALSE(median.ShouldPrune(Curve(9, TrialState::kRunning, {5, 4, 2.9}), h,
                                  Direction::kMinimize));
  // Best so far (2.5 at step 1) counts, not the latest value.
  EXPECT_FALSE(median.ShouldPrune(Curve(9, TrialState::kRunning, {4, 2.5, 3.5}), h,
                                  Direction::kMinimize));
  // Exactly the median is not worse.
  EXPECT_FALSE(median.ShouldPrune(Curve(9, TrialState::kRunning, {5, 4, 3}), h,
                                  Direction::kMinimize));
  // NaN reports prune.
  EXPECT_TRUE(median.ShouldPrune(Curve(9, TrialState::kRunning, {NAN}), h, Direction::kMinimize));
}

TEST(MedianPrunerTest, StartupWarmupAndIntervalRules) {
  PercentilePruner median;
  const FrozenTrial bad = Curve(9, TrialState::kRunning, {50, 40, 35});
  EXPECT_FALSE(median.ShouldPrune(bad, Completed(4), Direction::kMinimize));  // 4 < 5 completed
  PercentileOptions warm;
  warm.n_warmup_steps = 3;
  EXPECT_FALSE(PercentilePruner(warm).ShouldPrune(bad, Completed(), Direction::kMinimize));
  PercentileOptions interval;
  interval.interval_steps = 2;
  // Steps 0..2 reported: step 2 is a pruning step (previous report 1 < 2) -> checked.
  EXPECT_TRUE(PercentilePruner(interval).ShouldPrune(bad, Completed(), Direction::kMinimize));
  // Steps 0..3: step 3's nearest pruning step is 2, already checked at step 2 -> skipped.
  EXPECT_FALSE(PercentilePruner(interval).ShouldPrune(Curve(9, TrialState::kRunning, {50, 40, 35, 30}),
                                                      Completed(), Direction::kMinimize));
  // The trial itself inside the history is skipped.
  auto h = Completed();
  h.push_back(bad);
  EXPECT_TRUE(median.ShouldPrune(bad, h, Direction::kMinimize));
}

TEST(PercentilePrunerTest, UsesNumpyLinearPercentileAndMirrorsForMaximisation) {
  EXPECT_DOUBLE_EQ(Percentile({1, 2, 3, 4, 5}, 25), 2.0);
  EXPECT_DOUBLE_EQ(Percentile({1, 2, 3, 4}, 50), 2.5);
  EXPECT_DOUBLE_EQ(Percentile({4, 1, NAN, 3}, 100), 4.0);
  PercentileOptions o;
  o.percentile = 25;
  PercentilePruner p(o);
  const auto h = Completed();
  EXPECT_TRUE(p.ShouldPrune(Curve(9, TrialState::kRunning, {9, 9, 2.5}), h, Direction::kMinimize));
  EXPECT_FALSE(p.ShouldPrune(Curve(9, TrialState::kRunning, {9, 9, 1.5}), h, Direction::kMinimize));
  // Maximising: the 75th percentile of {1..5} at step 2 is 4; the best (max) must reach it.
  EXPECT_TRUE(p.ShouldPrune(Curve(9, TrialState::kRunning, {0, 0, 3.5}), h, Direction::kMaximize));
  EXPECT_FALSE(p.ShouldPrune(Curve(9, TrialState::kRunning, {0, 0, 4.5}), h, Direction::kMaximize));
  auto made = MakePruner("percentile", nlohmann::json{{"percentile", 25.0}});
  ASSERT_TRUE(made.ok());
  EXPECT_TRUE((*made)->ShouldPrune(Curve(9, TrialState::kRunning, {9, 9, 2.5}), h,
                                   Direction::kMinimize));
  EXPECT_FALSE(MakePruner("median", nlohmann::json{{"percentile", 25.0}}).ok());
  EXPECT_FALSE(MakePruner("wait", nullptr).ok());
}

// Others reported 0.1 .. 0.5 at step 1 (rung 0 with min_resource 1, eta 3).
std::vector<FrozenTrial> RungZero() {
  std::vector<FrozenTrial> h;
  for (int i = 0; i < 5; ++i) h.push_back(Curve(i, TrialState::kRunning, {0.1 * (i + 1)}, 1));
  return h;
}

TEST(SuccessiveHalvingPrunerTest, KeepsTheTopThirdAtEachRung) {
  SuccessiveHalvingPruner sh;
  const auto h = RungZero();
  // 6 values at rung 0 -> the best 6/3 = 2 survive: 0.15 (2nd) yes, 0.25 (3rd) no.
  EXPECT_FALSE(sh.ShouldPrune(Curve(9, TrialState::kRunning, {0.15}, 1), h, Direction::kMinimize));
  EXPECT_TRUE(sh.ShouldPrune(Curve(9, TrialState::kRunning, {0.25}, 1), h, Direction::kMinimize));
  // Before the first rung nothing is decided.
  EXPECT_FALSE(sh.ShouldPrune(Curve(9, TrialState::kRunning, {99}, 0), h, Direction::kMinimize));
  // Maximising: 0.45 is the 2nd largest of 6 -> survives; 0.35 is not.
  EXPECT_FALSE(sh.ShouldPrune(Curve(9, TrialState::kRunning, {0.45}, 1), h, Direction::kMaximize));
  EXPECT_TRUE(sh.ShouldPrune(Curve(9, TrialState::kRunning, {0.35}, 1), h, Direction::kMaximize));
  // Rung 1 (step 3): the trial passed rung 0 at step 1, now 0.9 vs others' 0.2, 0.3 at step 3:
  // 3 values -> only the best survives.
  std::vector<FrozenTrial> h1 = {Curve(0, TrialState::kRunning, {0.1, 0.1, 0.2}, 1),
                                 Curve(1, TrialState::kRunning, {0.1, 0.1, 0.3}, 1)};
  EXPECT_TRUE(sh.ShouldPrune(Curve(9, TrialState::kRunning, {0.1, 0.5, 0.9}, 1), h1,
                             Direction::kMinimize));
  EXPECT_FALSE(sh.ShouldPrune(Curve(9, TrialState::kRunning, {0.1, 0.5, 0.15}, 1), h1,
                              Direction::kMinimize));
  // A single trial alone at a rung is promoted (it is the best of 1).
  EXPECT_FALSE(sh.ShouldPrune(Curve(9, TrialState::kRunning, {5.0}, 1), {}, Direction::kMinimize));
}

TEST(HyperbandPrunerTest, BracketsAndHashMatchOptuna) {
  EXPECT_EQ(Crc32("123456789"), 3421780262u);  // the CRC-32 check value
  HyperbandOptions o;
  o.max_resource = 81;
  o.study_name = "s";
  HyperbandPruner hb(o);
  const std::vector<int> budgets = hb.BracketBudgets(81);
  EXPECT_EQ(budgets, (std::vector<int>{81, 34, 15, 8, 5}));
  // binascii.crc32(b"s_<n>") % 143 mapped through the shares, as Optuna's _get_bracket_id.
  const std::vector<int> expected = {0, 0, 0, 1, 0, 1, 0, 0, 0, 2, 0, 0};
  for (int n = 0; n < 12; ++n) EXPECT_EQ(hb.BracketOf(n, budgets), expected[n]) << n;
}

TEST(HyperbandPrunerTest, EachBracketHalvesAmongItsOwnTrialsFromItsOwnRung) {
  HyperbandOptions o;
  o.max_resource = 81;
  o.study_name = "s";
  HyperbandPruner hb(o);
  // Trials 0, 1, 2 are in bracket 0 (first rung at step 1); trial 3 in bracket 1 (step 3).
  std::vector<FrozenTrial> h = {Curve(0, TrialState::kRunning, {0.1}, 1),
                                Curve(1, TrialState::kRunning, {0.2}, 1),
                                Curve(5, TrialState::kRunning, {0.0, 0.0, 0.0}, 1)};
  EXPECT_TRUE(hb.ShouldPrune(Curve(2, TrialState::kRunning, {0.3}, 1), h, Direction::kMinimize));
  EXPECT_FALSE(hb.ShouldPrune(Curve(2, TrialState::kRunning, {0.05}, 1), h, Direction::kMinimize));
  // Trial 3 (bracket 1) is not judged at step 1, and at step 3 competes only with trial 5.
  EXPECT_FALSE(hb.ShouldPrune(Curve(3, TrialState::kRunning, {9.0}, 1), h, Direction::kMinimize));
  EXPECT_TRUE(hb.ShouldPrune(Curve(3, TrialState::kRunning, {9.0, 9.0, 9.0}, 1), h,
                             Direction::kMinimize));
  EXPECT_FALSE(hb.ShouldPrune(Curve(3, TrialState::kRunning, {9.0, 9.0, -1.0}, 1), h,
                              Direction::kMinimize));
  // max_resource auto: nothing before a trial completes.
  HyperbandPruner auto_hb(HyperbandOptions{});
  EXPECT_FALSE(auto_hb.ShouldPrune(Curve(2, TrialState::kRunning, {0.3}, 1), h,
                                   Direction::kMinimize));
}

TEST(NopPrunerTest, NeverPrunes) {
  auto p = MakePruner("none", nullptr);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE((*p)->ShouldPrune(Curve(9, TrialState::kRunning, {NAN}), Completed(),
                                 Direction::kMinimize));
}

}  // namespace pruners_test
}  // namespace optiscope
