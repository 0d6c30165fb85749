// TuRBO's trust region: the side-length rule, and the local sampler's box around the best trial,
// its categorical handling and determinism.
#include "engine/search/trust_region.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/search/param_transform.h"
#include "tests/engine/search/search_test_util.h"

namespace optiscope {
namespace trust_region_test {

using testing::RandomHistory;

const FrozenTrial& Best(const std::vector<FrozenTrial>& h) {
  const FrozenTrial* best = &h.front();
  for (const FrozenTrial& t : h) {
    if (t.values[0] < best->values[0]) best = &t;
  }
  return *best;
}

TEST(TrustRegionTest, FailuresHalveSuccessesDoubleCollapseRestarts) {
  TrustRegionOptions o;  // 0.8, min 0.5^7, max 1.6, 3 successes; failures max(4, dims)
  TrustRegion r(o);
  EXPECT_DOUBLE_EQ(r.length(), 0.8);
  for (int i = 0; i < 3; ++i) r.Record(false, 4);
  EXPECT_DOUBLE_EQ(r.length(), 0.8);  // 3 failures of 4
  r.Record(false, 4);
  EXPECT_DOUBLE_EQ(r.length(), 0.4);
  // A success breaks a run of failures; 3 successes in a row double the side.
  for (int i = 0; i < 3; ++i) r.Record(false, 4);
  r.Record(true, 4);
  EXPECT_DOUBLE_EQ(r.length(), 0.4);
  r.Record(true, 4);
  r.Record(true, 4);
  EXPECT_DOUBLE_EQ(r.length(), 0.8);
  for (int i = 0; i < 6; ++i) r.Record(true, 4);
  EXPECT_DOUBLE_EQ(r.length(), 1.6);  // capped at length_max
  // Ten dimensions: ten failures per halving.
  TrustRegion wide(o);
  for (int i = 0; i < 9; ++i) wide.Record(false, 10);
  EXPECT_DOUBLE_EQ(wide.length(), 0.8);
  wide.Record(false, 10);
  EXPECT_DOUBLE_EQ(wide.length(), 0.4);
  // Below length_min the region restarts at length_init: 0.8 / 2^7 = 0.00625 < 0.0078125.
  o.failure_tolerance = 1;
  TrustRegion shrink(o);
  for (int i = 0; i < 6; ++i) shrink.Record(false, 4);
  EXPECT_DOUBLE_EQ(shrink.length(), 0.0125);
  EXPECT_EQ(shrink.restarts(), 0);
  shrink.Record(false, 4);
  EXPECT_DOUBLE_EQ(shrink.length(), 0.8);
  EXPECT_EQ(shrink.restarts(), 1);
}

// The proposal lies in a box around the best trial whose sides, stretched by the GP's
// lengthscales, multiply to length^d (TuRBO: the lengthscales' geometric mean is 1).
TEST(TrustRegionSamplerTest, ProposesInTheBoxAroundTheBestTrial) {
  auto f = MakeTestFunction("hartmann6");
  ASSERT_TRUE(f.ok());
  const std::vector<FrozenTrial> h = RandomHistory(*f, 40, 7);
  TrustRegionOptions o;
  o.length_init = 0.2;
  TrustRegionSampler s(o);
  Rng rng(3);
  const ParamSet p = s.Sample(f->space, h, Direction::kMinimize, rng);
  const FrozenTrial& best = Best(h);
  const Eigen::VectorXd& lo = s.gp().last_box_lo();
  const Eigen::VectorXd& hi = s.gp().last_box_hi();
  ASSERT_EQ(lo.size(), 6);
  double log_volume = 0.0;
  bool clipped = false;
  for (int j = 0; j < 6; ++j) {
    const ParamSpec& spec = f->space.params()[j];
    const double c = ToUnit(spec, best.params.at(spec.name));
    const double x = ToUnit(spec, p.at(spec.name));
    EXPECT_LE(lo[j], c);
    EXPECT_GE(hi[j], c);
    EXPECT_GE(x, lo[j] - 1e-12) << spec.name;
    EXPECT_LE(x, hi[j] + 1e-12) << spec.name;
    EXPECT_LT(hi[j] - lo[j], 1.0) << spec.name;
    clipped = clipped || lo[j] == 0.0 || hi[j] == 1.0;
    log_volume += std::log(hi[j] - lo[j]);
  }
  if (clipped) {
    EXPECT_LE(log_volume, 6 * std::log(0.2) + 1e-9);
  } else {
    EXPECT_NEAR(log_volume, 6 * std::log(0.2), 1e-9);
  }
  // A minimisation and the same values negated as a maximisation share the best trial.
  std::vector<FrozenTrial> negated = h;
  for (FrozenTrial& t : negated) t.values[0] = -t.values[0];
  TrustRegionSampler m(o);
  Rng rng2(3);
  (void)m.Sample(f->space, negated, Direction::kMaximize, rng2);
  EXPECT_EQ(m.gp().last_box_lo(), lo);
  EXPECT_EQ(m.gp().last_box_hi(), hi);
}

// Categorical parameters keep the best trial's choice; the others stay in their ranges.
TEST(TrustRegionSamplerTest, KeepsTheBestTrialsCategories) {
  auto f = MakeTestFunction("mixed");
  ASSERT_TRUE(f.ok());
  const std::vector<FrozenTrial> h = RandomHistory(*f, 30, 4);
  const FrozenTrial& best = Best(h);
  TrustRegionSampler s;
  Rng rng(8);
  for (int i = 0; i < 3; ++i) {
    const ParamSet p = s.Sample(f->space, h, Direction::kMinimize, rng);
    ASSERT_TRUE(f->space.Validate(p).ok());
    for (const ParamSpec& spec : f->space.params()) {
      if (spec.IsCategorical()) {
        EXPECT_EQ(p.at(spec.name), best.params.at(spec.name)) << spec.name;
      }
    }
  }
}

// TuRBO on its own: random until the GP's startup trials, then local; the same seed gives the
// same trials, and on Hartmann-6 it closes in on the optimum.
TEST(TrustRegionSamplerTest, SameSeedSameTrialsAndFindsHartmannsMinimum) {
  auto f = MakeTestFunction("hartmann6");
  ASSERT_TRUE(f.ok());
  TrustRegionSampler a, b;
  const auto h1 = testing::RunLoop(a, *f, 40, 12);
  const auto h2 = testing::RunLoop(b, *f, 40, 12);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(h1[i].params, h2[i].params) << i;
  EXPECT_LT(testing::BestValue(h1), -2.5);  // optimum -3.32; random search's median about -2
}

}  // namespace trust_region_test
}  // namespace optiscope
