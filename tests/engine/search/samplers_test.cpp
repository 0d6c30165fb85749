#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "engine/search/grid_sampler.h"
#include "engine/search/sampler.h"
#include "engine/search/sobol_sampler.h"
#include "tests/engine/search/search_fixture.h"
#include "tests/engine/search/search_test_util.h"

namespace optiscope {
namespace samplers_test {

SearchSpace ConditionalSpace() {
  auto s = SearchSpace::Create({CategoricalParam("opt", {"sgd", "adam", "rmsprop"}),
                                When(FloatParam("momentum", 0.0, 0.99), "opt", {"sgd"}),
                                When(FloatParam("beta2", 0.9, 0.9999, true), "opt", {"adam"}),
                                FloatParam("lr", 1e-5, 1.0, true),
                                IntParam("layers", 1, 4),
                                When(IntParam("width", 8, 256, true), "layers", {"3", "4"}),
                                FloatParam("dropout", 0.0, 0.5, false, 0.1)});
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

// A loss over the conditional space (lower is better).
double ConditionalLoss(const ParamSet& p) {
  double v = std::pow(std::log10(p.at("lr")) + 3, 2) + 0.1 * p.at("layers") + p.at("dropout");
  if (p.count("momentum")) v += std::fabs(p.at("momentum") - 0.9);
  if (p.count("width")) v += 0.01 * std::log2(p.at("width"));
  return v + (p.at("opt") == 1 ? 0 : 0.5);
}

class AllSamplersTest : public ::testing::TestWithParam<const char*> {};

TEST_P(AllSamplersTest, SamplesAreValidCoverChoicesAndNeverSetInactiveParameters) {
  auto sampler = MakeSampler(GetParam(), nlohmann::json::object());
  ASSERT_TRUE(sampler.ok()) << sampler.status().ToString();
  const SearchSpace space = ConditionalSpace();
  std::vector<FrozenTrial> history;
  Rng rng(42);
  std::set<int> opts, layers;
  for (int i = 0; i < 40; ++i) {
    FrozenTrial t;
    t.number = i;
    t.params = (*sampler)->Sample(space, history, Direction::kMinimize, rng);
    ASSERT_TRUE(space.Validate(t.params).ok())
        << GetParam() << " trial " << i << ": " << space.Validate(t.params).ToString();
    opts.insert(static_cast<int>(t.params.at("opt")));
    layers.insert(static_cast<int>(t.params.at("layers")));
    t.state = i % 7 == 3 ? TrialState::kPruned : TrialState::kComplete;
    t.values = {ConditionalLoss(t.params)};
    t.intermediate[1] = t.values[0] + 1;
    history.push_back(std::move(t));
  }
  EXPECT_GE(opts.size(), 2u) << GetParam();
  EXPECT_GE(layers.size(), 2u) << GetParam();
}

TEST_P(AllSamplersTest, SameSeedSameTrialsAndForeignTrialsIgnored) {
  auto f = MakeTestFunction("branin");
  ASSERT_TRUE(f.ok());
  auto a = MakeSampler(GetParam(), nullptr), b = MakeSampler(GetParam(), nullptr);
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string name = GetParam();
  const int n = name == "gp" || name == "auto" ? 14 : 25;
  const auto h1 = testing::RunLoop(**a, *f, n, 7);
  const auto h2 = testing::RunLoop(**b, *f, n, 7);
  for (int i = 0; i < n; ++i) EXPECT_EQ(h1[i].params, h2[i].params) << GetParam() << " " << i;
  // Trials of another space (x3 unknown, x1 out of range) are ignored, not fatal.
  std::vector<FrozenTrial> mixed = h1;
  FrozenTrial foreign;
  foreign.number = n;
  foreign.state = TrialState::kComplete;
  foreign.values = {-100.0};
  foreign.params = {{"x1", 50.0}, {"x2", 1.0}, {"x3", 2.0}};
  mixed.push_back(foreign);
  Rng rng(1);
  const ParamSet p = (*a)->Sample(f->space, mixed, Direction::kMinimize, rng);
  EXPECT_TRUE(f->space.Validate(p).ok());
}

INSTANTIATE_TEST_SUITE_P(Samplers, AllSamplersTest,
                         ::testing::Values("grid", "random", "sobol", "tpe", "gp", "cmaes", "auto"));

TEST(SamplerFactoryTest, ErrorsNameTheProblem) {
  auto bad = MakeSampler("anneal", nullptr);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("known: grid, random, sobol, tpe, gp, cmaes, nsga2"),
            std::string::npos);
  auto key = MakeSampler("tpe", nlohmann::json{{"n_startup", 3}});
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.status().message().find("unknown option 'n_startup'"), std::string::npos);
  auto type = MakeSampler("tpe", nlohmann::json{{"multivariate", 1}});
  EXPECT_FALSE(type.ok());
  auto range = MakeSampler("grid", nlohmann::json{{"resolution", 0}});
  EXPECT_FALSE(range.ok());
  EXPECT_TRUE(MakeSampler("tpe", nlohmann::json{{"multivariate", true}}).ok());
  EXPECT_EQ(SamplerNames().size(), 8u);
}

TEST(GridSamplerTest, EnumeratesEachPointOnceThenReportsExhausted) {
  auto space = SearchSpace::Create({CategoricalParam("opt", {"sgd", "adam"}),
                                    When(FloatParam("m", 0.0, 1.0), "opt", {"sgd"}),
                                    IntParam("k", 1, 2)});
  ASSERT_TRUE(space.ok());
  GridOptions o;
  o.resolution = 3;
  GridSampler grid(o);
  // sgd: 3 m values x 2 k; adam: 2 k -> 8 points.
  ASSERT_EQ(grid.Grid(*space).size(), 8u);
  std::vector<FrozenTrial> history;
  Rng rng(0);
  std::set<std::vector<double>> seen;
  for (int i = 0; i < 8; ++i) {
    EXPECT_FALSE(grid.Exhausted(*space, history));
    FrozenTrial t;
    t.number = i;
    t.params = grid.Sample(*space, history, Direction::kMinimize, rng);
    std::vector<double> key;
    for (const auto& [k, v] : t.params) key.push_back(v + 10 * k.size());
    EXPECT_TRUE(seen.insert(key).second) << "grid point repeated at trial " << i;
    history.push_back(t);
  }
  EXPECT_TRUE(grid.Exhausted(*space, history));
  EXPECT_EQ(grid.Sample(*space, history, Direction::kMinimize, rng), history[0].params);
  const std::vector<double> lr = GridSampler().Values(FloatParam("lr", 1e-3, 1e-1, true));
  const std::vector<double> expected = {1e-3, std::sqrt(1e-5), 1e-2, std::sqrt(1e-3), 1e-1};
  ASSERT_EQ(lr.size(), expected.size());
  for (size_t i = 0; i < lr.size(); ++i) EXPECT_NEAR(lr[i], expected[i], 1e-12);
}

TEST(SobolSamplerTest, MatchesScipyUnscrambledJoeKuoPoints) {
  const auto& ref = testing::SearchReference()["sobol"];
  for (size_t i = 0; i < ref.size(); ++i) {
    const std::vector<double> p = SobolSampler::Point(i, SobolSampler::kMaxDims);
    for (int d = 0; d < SobolSampler::kMaxDims; ++d) {
      EXPECT_DOUBLE_EQ(p[d], ref[i][d].get<double>()) << "point " << i << " dim " << d;
    }
  }
}

}  // namespace samplers_test
}  // namespace optiscope
