// The auto sampler: its plan by space, history size and objectives; that it then proposes exactly
// what the chosen sampler proposes; determinism; search quality against random search; and that
// a study spec without a sampler type uses it.
#include "engine/search/auto_sampler.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/events/events.h"
#include "engine/search/param_transform.h"
#include "engine/search/random_sampler.h"
#include "engine/search/storage.h"
#include "engine/search/study.h"
#include "engine/search/study_spec.h"
#include "tests/engine/search/search_test_util.h"

namespace optiscope {
namespace auto_sampler_test {

using testing::RandomHistory;

TEST(AutoSamplerTest, PlanFollowsSpaceHistorySizeAndObjectives) {
  AutoSampler s;
  const SearchSpace cube = MakeTestFunction("hartmann6")->space;
  EXPECT_EQ(s.Plan(cube, 0, 1), AutoPlan::kGp);
  EXPECT_EQ(s.Plan(cube, 199, 1), AutoPlan::kGp);
  EXPECT_EQ(s.Plan(cube, 200, 1), AutoPlan::kTpe);  // gp_max_trials
  EXPECT_EQ(s.Plan(cube, 1000, 1), AutoPlan::kTpe);
  EXPECT_EQ(s.Plan(cube, 5, 2), AutoPlan::kMotpe);
  // Categorical and int parameters suit the GP (Hamming distance, snapped candidates).
  EXPECT_EQ(s.Plan(MakeTestFunction("mixed")->space, 50, 1), AutoPlan::kGp);
  // 16 dimensions are GP, 17 are TPE (gp_max_dims).
  EXPECT_EQ(s.Plan(MakeTestFunction("rastrigin", 16)->space, 50, 1), AutoPlan::kGp);
  EXPECT_EQ(s.Plan(MakeTestFunction("rastrigin", 17)->space, 50, 1), AutoPlan::kTpe);
  // Conditional spaces: TPE from the first trial (it models a conditional parameter from the
  // trials where it was active; the GP would draw it at random).
  EXPECT_EQ(s.Plan(MakeTestFunction("conditional")->space, 0, 1), AutoPlan::kTpe);
  // Options move the thresholds.
  AutoOptions o;
  o.gp_max_trials = 50;
  o.gp_max_dims = 3;
  AutoSampler t(o);
  EXPECT_EQ(t.Plan(MakeTestFunction("branin")->space, 49, 1), AutoPlan::kGp);
  EXPECT_EQ(t.Plan(MakeTestFunction("branin")->space, 50, 1), AutoPlan::kTpe);
  EXPECT_EQ(t.Plan(cube, 10, 1), AutoPlan::kTpe);
  EXPECT_EQ(AutoPlanName(AutoPlan::kMotpe), "motpe");
}

// Under each plan the proposal is exactly the delegate's (same history, same Rng state).
TEST(AutoSamplerTest, ProposesWhatTheChosenSamplerProposes) {
  auto f = MakeTestFunction("hartmann6");
  ASSERT_TRUE(f.ok());
  for (int n : {30, 250}) {
    const std::vector<FrozenTrial> h = RandomHistory(*f, n, 5);
    AutoSampler a;
    Rng r1(11), r2(11);
    const ParamSet got = a.Sample(f->space, h, Direction::kMinimize, r1);
    ParamSet want;
    if (n < 200) {
      EXPECT_EQ(a.last_plan(), AutoPlan::kGp);
      GpSampler gp;
      want = gp.Sample(f->space, h, Direction::kMinimize, r2);
    } else {
      EXPECT_EQ(a.last_plan(), AutoPlan::kTpe);
      TpeSampler tpe;
      want = tpe.Sample(f->space, h, Direction::kMinimize, r2);
    }
    EXPECT_EQ(got, want) << n << " trials";
  }
  // Several objectives: MOTPE.
  auto zdt1 = MakeMultiObjectiveFunction("zdt1", 3);
  ASSERT_TRUE(zdt1.ok());
  std::vector<FrozenTrial> h;
  Rng data(3);
  for (int i = 0; i < 20; ++i) {
    FrozenTrial t;
    t.number = i;
    t.params = RandomParams(zdt1->space, data);
    t.state = TrialState::kComplete;
    t.values = zdt1->evaluate(t.params);
    h.push_back(std::move(t));
  }
  const Direction dirs[2] = {Direction::kMinimize, Direction::kMinimize};
  AutoSampler a;
  TpeSampler tpe;
  Rng r1(4), r2(4);
  EXPECT_EQ(a.SampleMulti(zdt1->space, h, dirs, r1), tpe.SampleMulti(zdt1->space, h, dirs, r2));
  EXPECT_EQ(a.last_plan(), AutoPlan::kMotpe);
  EXPECT_TRUE(a.ModelsAllObjectives());
}

// On the conditional space every proposal is TPE's, trial for trial.
TEST(AutoSamplerTest, ConditionalSpaceFollowsTpeTrialForTrial) {
  auto f = MakeTestFunction("conditional");
  ASSERT_TRUE(f.ok());
  AutoSampler a;
  TpeSampler tpe;
  const auto h1 = testing::RunLoop(a, *f, 30, 21);
  const auto h2 = testing::RunLoop(tpe, *f, 30, 21);
  EXPECT_EQ(a.last_plan(), AutoPlan::kTpe);
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(f->space.Validate(h1[i].params).ok());
    EXPECT_EQ(h1[i].params, h2[i].params) << i;
  }
}

TEST(AutoSamplerTest, SameSeedSameTrials) {
  for (const char* name : {"branin", "conditional", "mixed"}) {
    auto f = MakeTestFunction(name);
    ASSERT_TRUE(f.ok());
    AutoSampler a, b;
    const auto h1 = testing::RunLoop(a, *f, 16, 9);
    const auto h2 = testing::RunLoop(b, *f, 16, 9);
    for (int i = 0; i < 16; ++i) EXPECT_EQ(h1[i].params, h2[i].params) << name << " " << i;
  }
}

// Values that vary faster than a GP can follow (Rastrigin's ripples, once 40 GP-guided trials
// crowd near the best) send auto to TPE for good; a smooth function's (Branin, Hartmann-6) keep
// the GP; with the switch off, Rastrigin keeps it too.
TEST(AutoSamplerTest, RuggedValuesSendItToTpeForGood) {
  struct Case {
    const char* name;
    int dims;
    double rugged_noise;
    bool leaves;
  };
  for (const Case c : {Case{"rastrigin", 4, 0.1, true}, Case{"branin", 2, 0.1, false},
                       Case{"hartmann6", 6, 0.1, false}, Case{"rastrigin", 4, 0.0, false}}) {
    auto f = MakeTestFunction(c.name, c.dims);
    ASSERT_TRUE(f.ok());
    AutoOptions options;
    options.rugged_noise = c.rugged_noise;
    AutoSampler s(options);
    const std::vector<FrozenTrial> h = testing::RunLoop(s, *f, 40, 3);
    EXPECT_EQ(s.left_gp(), c.leaves) << c.name << " rugged_noise " << c.rugged_noise;
    Rng rng(5);
    (void)s.Sample(f->space, h, Direction::kMinimize, rng);
    if (c.leaves) {
      EXPECT_NE(s.last_plan(), AutoPlan::kGp) << c.name;  // TPE or the trust region
    } else {
      EXPECT_EQ(s.last_plan(), AutoPlan::kGp) << c.name;
    }
  }
}

// Once rugged, every other proposal is local: inside TuRBO's box (side local_length_init before
// the lengthscale stretch) around the best trial so far; the others are TPE's. The same seed
// gives the same trials.
TEST(AutoSamplerTest, RuggedRunAlternatesTpeAndTrustRegionAroundTheBest) {
  auto f = MakeTestFunction("rastrigin", 4);
  ASSERT_TRUE(f.ok());
  AutoSampler s, twin;
  std::vector<FrozenTrial> h, h2;
  Rng rng(3), rng2(3);
  int local = 0, tpe = 0;
  for (int i = 0; i < 70; ++i) {
    FrozenTrial t;
    t.number = i;
    const bool left = s.left_gp();  // before this proposal
    t.params = s.Sample(f->space, h, Direction::kMinimize, rng);
    t.state = TrialState::kComplete;
    t.values = {f->evaluate(t.params)};
    EXPECT_EQ(twin.Sample(f->space, h2, Direction::kMinimize, rng2), t.params) << i;
    if (s.last_plan() == AutoPlan::kTrustRegion) {
      ++local;
      const FrozenTrial* best = &h.front();
      for (const FrozenTrial& u : h) {
        if (u.values[0] < best->values[0]) best = &u;
      }
      const Eigen::VectorXd& lo = s.local().gp().last_box_lo();
      const Eigen::VectorXd& hi = s.local().gp().last_box_hi();
      double log_volume = 0.0;
      for (int j = 0; j < 4; ++j) {
        const ParamSpec& spec = f->space.params()[j];
        const double c = ToUnit(spec, best->params.at(spec.name));
        const double x = ToUnit(spec, t.params.at(spec.name));
        EXPECT_LE(lo[j], c) << i;
        EXPECT_GE(hi[j], c) << i;
        EXPECT_GE(x, lo[j] - 1e-12) << i;
        EXPECT_LE(x, hi[j] + 1e-12) << i;
        log_volume += std::log(hi[j] - lo[j]);
      }
      // At most length^4 with length <= length_max (clipping only shrinks the box).
      EXPECT_LE(log_volume, 4 * std::log(TrustRegionOptions{}.length_max) + 1e-9) << i;
    } else if (left) {
      ++tpe;
      EXPECT_EQ(s.last_plan(), AutoPlan::kTpe) << i;
    }
    h.push_back(t);
    h2.push_back(std::move(t));
  }
  ASSERT_TRUE(s.left_gp());
  EXPECT_GE(local, 15);
  EXPECT_LE(std::abs(local - tpe), 2) << local << " local, " << tpe << " TPE";
}

// The local proposals bring the best point close to the bottom of its basin: Rastrigin's value
// at integer points is the sum of their squares, and the best value's excess over that of its
// basin (the nearest integer point) shrinks to under half of what TPE alone leaves.
TEST(AutoSamplerTest, TrustRegionRefinesTheBestBasinOnRastrigin) {
  auto f = MakeTestFunction("rastrigin", 4);
  ASSERT_TRUE(f.ok());
  auto excess = [&](const AutoOptions& options, uint64_t seed) {
    AutoSampler s(options);
    const std::vector<FrozenTrial> h = testing::RunLoop(s, *f, 80, seed);
    const FrozenTrial* best = &h.front();
    for (const FrozenTrial& t : h) {
      if (t.values[0] < best->values[0]) best = &t;
    }
    double basin = 0.0;
    for (const auto& [name, v] : best->params) basin += std::round(v) * std::round(v);
    return best->values[0] - basin;
  };
  AutoOptions tpe_only;
  tpe_only.local_share = 0.0;
  double with_local = 0.0, without = 0.0;
  for (uint64_t seed = 0; seed < 6; ++seed) {
    with_local += excess(AutoOptions{}, seed);
    without += excess(tpe_only, seed);
  }
  EXPECT_LT(with_local, 0.5 * without) << with_local / 6 << " vs " << without / 6;
}

// As the TPE and GP quality tests: a fixed seed set, the median regret clearly below random
// search's and a majority of seeds won.
TEST(AutoSamplerTest, BeatsRandomSearchOnHartmannAndTheMixedSpace) {
  for (const char* name : {"hartmann6", "mixed"}) {
    auto f = MakeTestFunction(name);
    ASSERT_TRUE(f.ok());
    std::vector<double> ours, random;
    int wins = 0;
    for (uint64_t seed = 0; seed < 7; ++seed) {
      AutoSampler a;
      RandomSampler r;
      ours.push_back(testing::BestValue(testing::RunLoop(a, *f, 35, seed)) - f->optimum);
      random.push_back(testing::BestValue(testing::RunLoop(r, *f, 35, seed)) - f->optimum);
      wins += ours.back() < random.back();
    }
    EXPECT_LT(testing::Median(ours), 0.7 * testing::Median(random))
        << name << " auto " << testing::Median(ours) << " random " << testing::Median(random);
    EXPECT_GE(wins, 5) << name;
  }
}

StudySpec BraninSpec(const std::string& sampler_json) {
  auto spec = ParseStudySpec(R"({"name": "b", "sampler": )" + sampler_json +
                             R"(, "n_trials": 13, "objective": {"function": "branin"}})");
  EXPECT_TRUE(spec.ok()) << spec.status().message();
  return *spec;
}

std::vector<TrialRecord> RunStudy(const StudySpec& spec) {
  NullEventSink sink;
  auto store = MakeMemoryStudyStore();
  auto study = Study::Open(spec, *store, MakeStudyObjective(spec).value(), sink);
  EXPECT_TRUE(study.ok()) << study.status().message();
  EXPECT_TRUE((*study)->Run().ok());
  return (*study)->Trials();
}

TEST(AutoSamplerTest, StudySpecWithoutSamplerTypeUsesAuto) {
  const StudySpec untyped = BraninSpec(R"({"seed": 3})");
  EXPECT_EQ(untyped.sampler, "auto");
  EXPECT_EQ(BraninSpec(R"({"type": "tpe", "seed": 3})").sampler, "tpe");
  const auto a = RunStudy(untyped);
  const auto b = RunStudy(BraninSpec(R"({"type": "auto", "seed": 3})"));
  const auto c = RunStudy(BraninSpec(R"({"type": "tpe", "seed": 3})"));
  ASSERT_EQ(a.size(), 13u);
  ASSERT_EQ(b.size(), 13u);
  ASSERT_EQ(c.size(), 13u);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].params, b[i].params) << i;
  // The first 10 trials are random for both; the GP's 11th differs from TPE's.
  EXPECT_EQ(a[0].params, c[0].params);
  EXPECT_NE(a[12].params, c[12].params);
}

}  // namespace auto_sampler_test
}  // namespace optiscope
