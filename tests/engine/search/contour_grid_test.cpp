// ComputeContourGrid: a GP mean surface over two parameters reproduces a smooth function at the
// cell centres, log axes are log-spaced, categorical axes have one cell per choice, flat data give
// a flat grid, and bad requests are errors.
#include "engine/search/contour_grid.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "engine/search/param_transform.h"

namespace optiscope {
namespace contour_grid_test {

std::vector<FrozenTrial> Trials(const SearchSpace& space,
                                const std::function<double(const ParamSet&)>& f, int n,
                                uint64_t seed = 3) {
  std::vector<FrozenTrial> h;
  Rng rng(seed);
  for (int i = 0; i < n; ++i) {
    FrozenTrial t;
    t.number = i;
    t.state = TrialState::kComplete;
    t.params = RandomParams(space, rng);
    t.values = {f(t.params)};
    h.push_back(t);
  }
  return h;
}

// Cell centre of an axis in the parameter's units (edges are evenly spaced in internal space).
double Centre(const ContourAxis& a, int i) {
  return a.log ? std::sqrt(a.edges[i] * a.edges[i + 1]) : 0.5 * (a.edges[i] + a.edges[i + 1]);
}

TEST(ContourGridTest, InterpolatesASmoothFunction) {
  auto space = SearchSpace::Create(
      {FloatParam("x", -1, 1), FloatParam("lr", 1e-4, 1e-1, /*log=*/true), FloatParam("z", 0, 1)});
  ASSERT_TRUE(space.ok());
  // f depends on x and log10(lr) smoothly (z is noise-free and unused).
  auto f = [](double x, double lr) { return x * x + 0.5 * (std::log10(lr) + 2.5); };
  const auto h = Trials(
      *space, [&](const ParamSet& p) { return f(p.at("x"), p.at("lr")); }, 80);
  ContourGridOptions o;
  o.resolution = 20;
  auto grid = ComputeContourGrid(*space, h, "x", "lr", o);
  ASSERT_TRUE(grid.ok()) << grid.status().ToString();
  ASSERT_EQ(grid->x.cells(), 20);
  ASSERT_EQ(grid->y.cells(), 20);
  ASSERT_EQ(grid->values.size(), 400u);
  EXPECT_EQ(grid->n_trials, 80);
  double worst = 0.0;
  for (int iy = 1; iy < 19; ++iy) {  // interior cells (the edges extrapolate)
    for (int ix = 1; ix < 19; ++ix) {
      const double want = f(Centre(grid->x, ix), Centre(grid->y, iy));
      worst = std::max(worst, std::abs(grid->At(ix, iy) - want));
    }
  }
  // The range of f is ~2.5; the GP mean is within 5% of it everywhere inside.
  EXPECT_LT(worst, 0.12);
  EXPECT_LE(grid->min, grid->max);
  // Log axis: edges from low to high with a constant ratio.
  EXPECT_TRUE(grid->y.log);
  EXPECT_NEAR(grid->y.edges.front(), 1e-4, 1e-12);
  EXPECT_NEAR(grid->y.edges.back(), 1e-1, 1e-9);
  EXPECT_NEAR(grid->y.edges[1] / grid->y.edges[0], grid->y.edges[20] / grid->y.edges[19], 1e-9);
  // Same inputs and seed: the same grid.
  auto again = ComputeContourGrid(*space, h, "x", "lr", o);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->values, grid->values);
}

TEST(ContourGridTest, CategoricalAxisHasOneCellPerChoice) {
  auto space = SearchSpace::Create(
      {CategoricalParam("opt", {"sgd", "adam", "rms"}), IntParam("width", 8, 64)});
  ASSERT_TRUE(space.ok());
  // adam (index 1) is best, sgd worst; wider is better.
  const double level[] = {3.0, 1.0, 2.0};
  const auto h = Trials(
      *space,
      [&](const ParamSet& p) {
        return level[static_cast<int>(p.at("opt"))] - p.at("width") / 64.0;
      },
      60);
  ContourGridOptions o;
  o.resolution = 10;
  auto grid = ComputeContourGrid(*space, h, "opt", "width", o);
  ASSERT_TRUE(grid.ok()) << grid.status().ToString();
  EXPECT_EQ(grid->x.categories, (std::vector<std::string>{"sgd", "adam", "rms"}));
  EXPECT_TRUE(grid->x.edges.empty());
  ASSERT_EQ(grid->x.cells(), 3);
  ASSERT_EQ(grid->y.cells(), 10);
  // Integers: edges widened by half a step.
  EXPECT_DOUBLE_EQ(grid->y.edges.front(), 7.5);
  EXPECT_DOUBLE_EQ(grid->y.edges.back(), 64.5);
  for (int iy = 0; iy < 10; ++iy) {
    EXPECT_LT(grid->At(1, iy), grid->At(2, iy));
    EXPECT_LT(grid->At(2, iy), grid->At(0, iy));
  }
  EXPECT_LT(grid->At(1, 9), grid->At(1, 0));  // wider is better
}

TEST(ContourGridTest, FlatValuesGiveAFlatGrid) {
  auto space = SearchSpace::Create({FloatParam("a", 0, 1), FloatParam("b", 0, 1)});
  ASSERT_TRUE(space.ok());
  const auto h = Trials(
      *space, [](const ParamSet&) { return 4.25; }, 5);
  auto grid = ComputeContourGrid(*space, h, "b", "a");
  ASSERT_TRUE(grid.ok()) << grid.status().ToString();
  EXPECT_EQ(grid->x.name, "b");
  EXPECT_EQ(grid->values.size(), 48u * 48u);
  EXPECT_DOUBLE_EQ(grid->min, 4.25);
  EXPECT_DOUBLE_EQ(grid->max, 4.25);
}

TEST(ContourGridTest, SkipsTrialsWithoutBothParametersAndReportsErrors) {
  auto space = SearchSpace::Create({CategoricalParam("t", {"plain", "momentum"}),
                                    When(FloatParam("m", 0.5, 0.99), "t", {"momentum"}),
                                    FloatParam("lr", 0, 1)});
  ASSERT_TRUE(space.ok());
  auto h = Trials(
      *space, [](const ParamSet& p) { return p.at("lr"); }, 40);
  int with_m = 0;
  for (const FrozenTrial& t : h) with_m += t.params.count("m");
  FrozenTrial pruned;
  pruned.number = 40;
  pruned.state = TrialState::kPruned;
  pruned.params = h[0].params;
  h.push_back(pruned);
  auto grid = ComputeContourGrid(*space, h, "m", "lr");
  ASSERT_TRUE(grid.ok()) << grid.status().ToString();
  EXPECT_EQ(grid->n_trials, with_m);
  ContourGridOptions few;
  few.max_trials = 7;
  EXPECT_EQ(ComputeContourGrid(*space, h, "t", "lr", few)->n_trials, 7);

  EXPECT_FALSE(ComputeContourGrid(*space, h, "lr", "lr").ok());
  auto unknown = ComputeContourGrid(*space, h, "lr", "nope");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("'nope'"), std::string::npos);
  ContourGridOptions bad;
  bad.resolution = 1;
  EXPECT_FALSE(ComputeContourGrid(*space, h, "t", "lr", bad).ok());
  const std::vector<FrozenTrial> one(h.begin(), h.begin() + 1);
  EXPECT_FALSE(ComputeContourGrid(*space, one, "t", "lr").ok());
}

}  // namespace contour_grid_test
}  // namespace optiscope
