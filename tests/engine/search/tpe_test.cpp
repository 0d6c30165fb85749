#include "engine/search/tpe_sampler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "engine/search/param_transform.h"
#include "engine/search/random_sampler.h"
#include "tests/engine/search/search_fixture.h"
#include "tests/engine/search/search_test_util.h"

namespace optiscope {
namespace tpe_test {

ParamSpec SpecOf(const nlohmann::json& c) {
  const std::string kind = c["kind"];
  if (kind == "categorical") {
    std::vector<std::string> choices;
    for (int i = 0; i < c["choices"].get<int>(); ++i) choices.push_back(std::to_string(i));
    return CategoricalParam("p", choices);
  }
  if (kind == "int") {
    return IntParam("p", c["low"].get<int64_t>(), c["high"].get<int64_t>(), c["log"].get<bool>(),
                    c["step"].get<int64_t>());
  }
  return FloatParam("p", c["low"].get<double>(), c["high"].get<double>(), c["log"].get<bool>(),
                    c["step"].get<double>());
}

// Kernels, weights and log densities equal Optuna 3.1's _ParzenEstimator on the same data.
TEST(ParzenEstimatorTest, MatchesOptunaKernelsAndLogPdf) {
  for (const auto& c : testing::SearchReference()["parzen"]) {
    SCOPED_TRACE(c["name"].get<std::string>());
    const ParamSpec spec = SpecOf(c);
    std::vector<std::vector<double>> obs;
    for (const auto& v : c["obs"]) obs.push_back({ToInternal(spec, v.get<double>())});
    ParzenOptions o;
    o.multivariate = c["multivariate"].get<bool>();
    o.consider_endpoints = c["endpoints"].get<bool>();
    ParzenEstimator pe({&spec}, obs, o);
    const auto& w = c["weights"];
    ASSERT_EQ(pe.NumKernels(), static_cast<int>(w.size()));
    for (size_t k = 0; k < w.size(); ++k) EXPECT_NEAR(pe.weights()[k], w[k].get<double>(), 1e-12);
    if (c["kind"] != "categorical") {
      for (size_t k = 0; k < w.size(); ++k) {
        EXPECT_NEAR(pe.mus(0)[k], c["mus"][k].get<double>(), 1e-12);
        EXPECT_NEAR(pe.sigmas(0)[k], c["sigmas"][k].get<double>(), 1e-12);
      }
    }
    std::vector<std::vector<double>> pts;
    for (const auto& v : c["points"]) pts.push_back({ToInternal(spec, v.get<double>())});
    const std::vector<double> lp = pe.LogPdf(pts);
    for (size_t i = 0; i < pts.size(); ++i) {
      EXPECT_NEAR(lp[i], c["log_pdf"][i].get<double>(), 1e-9) << "point " << i;
    }
    if (c.contains("normalized_log_pdf")) {
      o.normalized_density = true;
      const std::vector<double> np = ParzenEstimator({&spec}, obs, o).LogPdf(pts);
      for (size_t i = 0; i < pts.size(); ++i) {
        EXPECT_NEAR(np[i], c["normalized_log_pdf"][i].get<double>(), 1e-9) << "point " << i;
      }
    }
  }
}

TEST(ParzenEstimatorTest, SamplesStayInBoundsOnTheGrid) {
  const ParamSpec spec = IntParam("k", 1, 64, true);
  ParzenEstimator pe({&spec}, {{std::log(2.0)}, {std::log(50.0)}}, {});
  Rng rng(5);
  for (const auto& s : pe.Sample(500, rng)) EXPECT_TRUE(spec.Contains(FromInternal(spec, s[0])));
}

TEST(TpeSamplerTest, WeightsMatchOptunaDefaultWeights) {
  EXPECT_EQ(TpeDefaultWeights(3), (std::vector<double>{1, 1, 1}));
  const std::vector<double> w = TpeDefaultWeights(28);
  ASSERT_EQ(w.size(), 28u);
  EXPECT_DOUBLE_EQ(w[0], 1.0 / 28);
  EXPECT_DOUBLE_EQ(w[1], 1.0 / 28 + (1 - 1.0 / 28) / 2);
  EXPECT_DOUBLE_EQ(w[2], 1.0);
}

// With the good group made of pruned-late and complete trials near x = 2, TPE proposes near 2:
// pruned trials rank after complete ones, by last step then value.
TEST(TpeSamplerTest, RanksCompleteThenPrunedByStepAndConcentratesOnTheGoodRegion) {
  auto space = SearchSpace::Create({FloatParam("x", 0, 10)});
  ASSERT_TRUE(space.ok());
  std::vector<FrozenTrial> history;
  Rng data(3);
  for (int i = 0; i < 40; ++i) {
    FrozenTrial t;
    t.number = i;
    const double x = i < 4 ? 2.0 + 0.05 * i : data.Uniform(5, 10);
    t.params = {{"x", x}};
    if (i < 4) {
      t.state = TrialState::kComplete;
      t.values = {100.0};  // complete outranks any pruned trial whatever its value
    } else {
      t.state = TrialState::kPruned;
      t.intermediate[1] = -100.0;  // pruned at step 1: worse than complete
    }
    history.push_back(t);
  }
  TpeSampler tpe;
  Rng rng(11);
  int near = 0;
  for (int k = 0; k < 20; ++k) {
    const double x = tpe.Sample(*space, history, Direction::kMinimize, rng).at("x");
    if (x < 4.5) ++near;
  }
  EXPECT_GE(near, 18);
}

TEST(TpeSamplerTest, BeatsRandomOnBraninAndHartmannOverFifteenSeeds) {
  for (const char* name : {"branin", "hartmann6"}) {
    auto f = MakeTestFunction(name);
    ASSERT_TRUE(f.ok());
    std::vector<double> tpe_best, random_best;
    for (uint64_t seed = 0; seed < 15; ++seed) {
      TpeSampler tpe;
      RandomSampler random;
      tpe_best.push_back(testing::BestValue(testing::RunLoop(tpe, *f, 60, seed)) - f->optimum);
      random_best.push_back(testing::BestValue(testing::RunLoop(random, *f, 60, seed)) -
                            f->optimum);
    }
    const double tpe_med = testing::Median(tpe_best), random_med = testing::Median(random_best);
    EXPECT_LT(tpe_med, random_med) << name;
    int wins = 0;
    for (int i = 0; i < 15; ++i) wins += tpe_best[i] < random_best[i];
    EXPECT_GE(wins, 9) << name << " tpe median regret " << tpe_med << " random " << random_med;
  }
}

TEST(TpeSamplerTest, MultivariateAndMixedSpaceImproveOnRandom) {
  auto f = MakeTestFunction("mixed");
  ASSERT_TRUE(f.ok());
  TpeOptions mo;
  mo.multivariate = true;
  std::vector<double> uni, multi, random_best;
  for (uint64_t seed = 0; seed < 9; ++seed) {
    TpeSampler a, b(mo);
    RandomSampler r;
    uni.push_back(testing::BestValue(testing::RunLoop(a, *f, 60, seed)));
    multi.push_back(testing::BestValue(testing::RunLoop(b, *f, 60, seed)));
    random_best.push_back(testing::BestValue(testing::RunLoop(r, *f, 60, seed)));
  }
  EXPECT_LT(testing::Median(uni), testing::Median(random_best));
  EXPECT_LT(testing::Median(multi), testing::Median(random_best));
}

// The proposal distribution on the mixed space (log float, log int, int, categorical, stepped
// float) equals Optuna 3.1's TPESampler on the same fixed histories: marginal means and
// histograms over 1,500 sampler seeds (tests/fixtures/search/make_tpe_mixed_fixture.py).
// Tolerances: ~4 standard errors of 1,500 draws.
TEST(TpeSamplerTest, MixedSpaceProposalsMatchOptunaDistribution) {
  std::ifstream in(std::string(OPTISCOPE_FIXTURES_DIR) + "/search/tpe_mixed_optuna.json");
  const nlohmann::json fixture = nlohmann::json::parse(in);
  auto f = MakeTestFunction("mixed");
  ASSERT_TRUE(f.ok());
  for (const auto& c : fixture["cases"]) {
    std::vector<FrozenTrial> history;
    for (const auto& row : c["history"]) {
      FrozenTrial t;
      t.number = static_cast<int>(history.size());
      t.state = TrialState::kComplete;
      t.values = {row["value"].get<double>()};
      for (const char* k : {"lr", "units", "layers", "activation", "dropout"}) {
        t.params[k] = row[k].get<double>();
      }
      ASSERT_TRUE(f->space.Contains(t.params));
      history.push_back(std::move(t));
    }
    const int n = c["samples"].get<int>();
    std::vector<double> lr, units;
    std::vector<double> layers(6, 0.0), activation(4, 0.0), dropout(11, 0.0);
    for (int s = 0; s < n; ++s) {
      TpeSampler tpe;
      Rng rng(static_cast<uint64_t>(s) + 7);
      const ParamSet p = tpe.Sample(f->space, history, Direction::kMinimize, rng);
      lr.push_back(std::log10(p.at("lr")));
      units.push_back(std::log2(p.at("units")));
      layers[static_cast<int>(p.at("layers")) - 1] += 1.0 / n;
      activation[static_cast<int>(p.at("activation"))] += 1.0 / n;
      dropout[std::lround(p.at("dropout") / 0.05)] += 1.0 / n;
    }
    auto mean = [](const std::vector<double>& v) {
      double s = 0;
      for (double x : v) s += x;
      return s / v.size();
    };
    const double se = 4.0 / std::sqrt(static_cast<double>(n));
    const size_t h = history.size();
    EXPECT_NEAR(mean(lr), c["log10_lr_mean"].get<double>(),
                se * c["log10_lr_std"].get<double>() * std::sqrt(2.0) + 1e-3) << h;
    EXPECT_NEAR(mean(units), c["log2_units_mean"].get<double>(),
                se * c["log2_units_std"].get<double>() * std::sqrt(2.0) + 1e-3) << h;
    auto near = [&](const std::vector<double>& ours, const nlohmann::json& theirs, const char* what) {
      for (size_t k = 0; k < ours.size(); ++k) {
        const double q = theirs[k].get<double>();
        EXPECT_NEAR(ours[k], q, se * std::sqrt(2 * std::max(q * (1 - q), 1e-3)) + 1e-3)
            << what << "[" << k << "] history " << h;
      }
    };
    near(layers, c["layers_hist"], "layers");
    near(activation, c["activation_hist"], "activation");
    near(dropout, c["dropout_hist"], "dropout");
  }
}

// On the mixed space TPE beats random search for most seeds, not only at the median.
TEST(TpeSamplerTest, MixedSpaceBeatsRandomSearchSeedBySeed) {
  auto f = MakeTestFunction("mixed");
  ASSERT_TRUE(f.ok());
  int wins = 0;
  const int seeds = 10;
  for (uint64_t seed = 100; seed < 100 + seeds; ++seed) {
    TpeSampler tpe;
    RandomSampler random;
    wins += testing::BestValue(testing::RunLoop(tpe, *f, 80, seed)) <
            testing::BestValue(testing::RunLoop(random, *f, 80, seed));
  }
  EXPECT_GE(wins, 8);
}

}  // namespace tpe_test
}  // namespace optiscope
