// Multi-objective search: hypervolume, ranks, crowding, HSSP, MOTPE and NSGA-II.
#include "engine/search/multi_objective.h"

#include <cmath>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/search/nsga2_sampler.h"
#include "engine/search/random_sampler.h"
#include "engine/search/sampler.h"
#include "engine/search/test_functions.h"
#include "engine/search/tpe_sampler.h"
#include "tests/engine/search/search_test_util.h"

namespace optiscope {
namespace multi_objective_test {

using Points = std::vector<std::vector<double>>;

TEST(HypervolumeTest, TwoDimensionsByHand) {
  // Staircase (1,3), (2,2), (3,1) under reference (4,4): 3 + 2 + 1 = 6 unit squares.
  EXPECT_DOUBLE_EQ(mo::Hypervolume({{1, 3}, {2, 2}, {3, 1}}, {4, 4}), 6.0);
  // A dominated point, a duplicate and a point outside the reference add nothing.
  EXPECT_DOUBLE_EQ(mo::Hypervolume({{1, 3}, {2, 2}, {3, 1}, {3, 3}, {2, 2}, {5, 0}}, {4, 4}), 6.0);
  EXPECT_DOUBLE_EQ(mo::Hypervolume({}, {4, 4}), 0.0);
}

TEST(HypervolumeTest, ThreeDimensionsMatchInclusionExclusion) {
  // Two boxes from the origin corner to ref (2,2,2): volumes 1*2*2 (point (1,0,0)) and
  // 2*1*2 (point (0,1,0)); intersection 1*1*2. Union = 4 + 4 - 2 = 6.
  EXPECT_DOUBLE_EQ(mo::Hypervolume({{1, 0, 0}, {0, 1, 0}}, {2, 2, 2}), 6.0);
  // Add (0,0,1): its box 2*2*1 = 4; pairwise intersections with the others 1*2*1 and 2*1*1,
  // the triple 1*1*1. Union = 6 + 4 - 2 - 2 + 1 = 7.
  EXPECT_DOUBLE_EQ(mo::Hypervolume({{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, {2, 2, 2}), 7.0);
}

TEST(MultiObjectiveTest, RanksAndCrowdingAsDeb2002) {
  const Points losses = {{1, 4}, {2, 3}, {3, 2}, {4, 1}, {2, 4}, {5, 5}};
  EXPECT_EQ(mo::NonDominationRanks(losses), (std::vector<int>{0, 0, 0, 0, 1, 2}));
  const std::vector<double> cd = mo::CrowdingDistance({{1, 4}, {2, 3}, {3, 2}, {4, 1}});
  EXPECT_TRUE(std::isinf(cd[0]) && std::isinf(cd[3]));
  // Interior: (3-1)/3 + (4-2)/3 per objective.
  EXPECT_NEAR(cd[1], 4.0 / 3.0, 1e-12);
  EXPECT_NEAR(cd[2], 4.0 / 3.0, 1e-12);
}

TEST(MultiObjectiveTest, GreedyHsspPicksTheLargestHypervolumeFirst) {
  // Reference (4,4): (2,2) alone covers 4, the extremes 3 each.
  const Points front = {{1, 3}, {2, 2}, {3, 1}};
  const std::vector<int> one = mo::GreedyHssp(front, 1, {4, 4});
  EXPECT_EQ(one, (std::vector<int>{1}));
  EXPECT_EQ(mo::GreedyHssp(front, 3, {4, 4}).size(), 3u);
  EXPECT_EQ(mo::ReferencePoint({{1, -2}, {0, -4}}), (std::vector<double>{1.1, -1.8}));
}

// Runs `sampler` for `n` trials on `f` and returns the hypervolume of what it found.
double HypervolumeAfter(Sampler& sampler, const MultiObjectiveFunction& f, int n, uint64_t seed) {
  const Direction dirs[2] = {Direction::kMinimize, Direction::kMinimize};
  std::vector<FrozenTrial> history;
  Points found;
  Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    FrozenTrial t;
    t.number = i;
    t.params = sampler.SampleMulti(f.space, history, dirs, rng);
    EXPECT_TRUE(f.space.Contains(t.params));
    t.state = TrialState::kComplete;
    t.values = f.evaluate(t.params);
    found.push_back(t.values);
    history.push_back(std::move(t));
  }
  return mo::Hypervolume(found, f.reference);
}

// MOTPE and NSGA-II find a better Pareto front (hypervolume) than random search on ZDT1 (5 and
// 3 variables) over several seeds. (Binh-Korn is too easy in 2-D to tell them apart: random
// search covers it.)
TEST(MultiObjectiveSamplersTest, MotpeAndNsga2BeatRandomSearchOnHypervolume) {
  struct Case {
    int dims;
    int trials;
  };
  for (const Case c : {Case{5, 200}, Case{3, 200}}) {
    const std::string function = "zdt1 dims " + std::to_string(c.dims);
    auto f = MakeMultiObjectiveFunction("zdt1", c.dims);
    ASSERT_TRUE(f.ok());
    std::vector<double> tpe_hv, nsga_hv, random_hv;
    int tpe_wins = 0, nsga_wins = 0;
    const int seeds = 5;
    for (uint64_t seed = 0; seed < seeds; ++seed) {
      TpeSampler tpe;
      Nsga2Options no;
      no.population_size = 20;
      Nsga2Sampler nsga(no);
      RandomSampler random;
      tpe_hv.push_back(HypervolumeAfter(tpe, *f, c.trials, seed));
      nsga_hv.push_back(HypervolumeAfter(nsga, *f, c.trials, seed));
      random_hv.push_back(HypervolumeAfter(random, *f, c.trials, seed));
      tpe_wins += tpe_hv.back() > random_hv.back();
      nsga_wins += nsga_hv.back() > random_hv.back();
    }
    const double t = testing::Median(tpe_hv), n = testing::Median(nsga_hv),
                 r = testing::Median(random_hv);
    EXPECT_GT(t, r) << function;
    EXPECT_GT(n, r) << function;
    EXPECT_GE(tpe_wins, 4) << function << " motpe " << t << " random " << r;
    EXPECT_GE(nsga_wins, 4) << function << " nsga2 " << n << " random " << r;
    std::printf("%s: hypervolume median motpe %.4f nsga2 %.4f random %.4f (optimum %.4f)\n",
                function.c_str(), t, n, r, f->optimal_hypervolume);
    if (std::isfinite(f->optimal_hypervolume)) {
      EXPECT_LE(t, f->optimal_hypervolume + 1e-9);
      EXPECT_LE(n, f->optimal_hypervolume + 1e-9);
    }
  }
}

TEST(Nsga2SamplerTest, FirstGenerationIsRandomThenChildrenComeFromParents) {
  auto f = MakeMultiObjectiveFunction("zdt1", 3);
  ASSERT_TRUE(f.ok());
  Nsga2Options o;
  o.population_size = 4;
  o.mutation_prob = 0.0;
  o.crossover_prob = 0.0;  // a child copies one parent exactly
  Nsga2Sampler nsga(o);
  const Direction dirs[2] = {Direction::kMinimize, Direction::kMinimize};
  std::vector<FrozenTrial> history;
  Rng rng(3);
  for (int i = 0; i < 4; ++i) {
    FrozenTrial t;
    t.number = i;
    t.params = nsga.SampleMulti(f->space, history, dirs, rng);
    t.state = TrialState::kComplete;
    t.values = f->evaluate(t.params);
    history.push_back(t);
  }
  for (int k = 0; k < 10; ++k) {
    const ParamSet child = nsga.SampleMulti(f->space, history, dirs, rng);
    bool copies_one = false;
    for (const FrozenTrial& t : history) copies_one = copies_one || t.params == child;
    EXPECT_TRUE(copies_one);
  }
}

TEST(Nsga2SamplerTest, FactoryOptionsAndErrors) {
  auto s = MakeSampler("nsga2", nlohmann::json{{"population_size", 10}, {"crossover", "sbx"},
                                 {"mutation_prob", 0.2}, {"sbx_eta", 15.0}});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ((*s)->Name(), "nsga2");
  EXPECT_TRUE((*s)->ModelsAllObjectives());
  auto bad = MakeSampler("nsga2", nlohmann::json{{"crossover", "blx"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("uniform"), std::string::npos);
  EXPECT_FALSE(MakeSampler("nsga2", nlohmann::json{{"population_size", 1}}).ok());
  // SBX children stay in the space.
  auto f = MakeMultiObjectiveFunction("binh_korn");
  ASSERT_TRUE(f.ok());
  EXPECT_GT(HypervolumeAfter(**s, *f, 40, 1), 0.0);
}

}  // namespace multi_objective_test
}  // namespace optiscope
