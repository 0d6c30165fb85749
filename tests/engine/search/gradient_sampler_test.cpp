// GradientSampler: starts at the centre of the log ranges, steps against the hypergradient of the
// best trial, halves its step after each non-improving trial and ends when the step is tiny.
#include "engine/search/gradient_sampler.h"

#include <gtest/gtest.h>

#include <cmath>

namespace optiscope {
namespace gradient_sampler_test {

SearchSpace Space() {
  return *SearchSpace::Create({FloatParam("lr", 1e-4, 1.0, true), FloatParam("l2", 1e-6, 1e-2, true),
                               CategoricalParam("act", {"relu", "tanh"})});
}

FrozenTrial Complete(int number, const ParamSet& params, double value) {
  FrozenTrial t;
  t.number = number;
  t.state = TrialState::kComplete;
  t.params = params;
  t.values = {value};
  return t;
}

TEST(GradientSamplerTest, StepsAgainstTheHypergradientAndBacktracks) {
  auto log = std::make_shared<HypergradientLog>();
  GradientSamplerOptions options;
  options.lr_param = "lr";
  options.l2_param = "l2";
  GradientSampler sampler(options, log);
  const SearchSpace space = Space();
  Rng rng(0);
  const ParamSet first = sampler.Sample(space, {}, Direction::kMinimize, rng);
  EXPECT_NEAR(first.at("lr"), 1e-2, 1e-12);  // centre of [1e-4, 1] in log space
  EXPECT_NEAR(first.at("l2"), 1e-4, 1e-15);
  EXPECT_EQ(first.at("act"), 0.0);

  // The loss falls with a larger lr (negative gradient) and does not depend on l2.
  log->Put(0, Hypergradient{-2.0, 0.0, 0});
  std::vector<FrozenTrial> history = {Complete(0, first, 0.5)};
  const ParamSet second = sampler.Sample(space, history, Direction::kMinimize, rng);
  // One step of 0.25 of the lr's log range (4 decades): lr x 10.
  EXPECT_NEAR(std::log10(second.at("lr")), -1.0, 1e-9);
  EXPECT_NEAR(second.at("l2"), 1e-4, 1e-15);

  // A worse trial halves the step, from the best point again.
  log->Put(1, Hypergradient{5.0, 0.0, 0});
  history.push_back(Complete(1, second, 0.9));
  const ParamSet third = sampler.Sample(space, history, Direction::kMinimize, rng);
  EXPECT_NEAR(std::log10(third.at("lr")), -1.5, 1e-9);
  EXPECT_FALSE(sampler.Exhausted(space, history));
  for (int i = 2; i < 7; ++i) history.push_back(Complete(i, third, 1.0));
  EXPECT_TRUE(sampler.Exhausted(space, history));  // 0.25 / 2^6 < 0.01
}

}  // namespace gradient_sampler_test
}  // namespace optiscope
