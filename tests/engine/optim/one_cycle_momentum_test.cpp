// One-cycle momentum cycling against torch.optim.lr_scheduler.OneCycleLR(cycle_momentum=True)
// (the "momenta" of tests/fixtures/torch_optim/schedules.json, from make_fixtures.py there), and
// the UpdateRule::SetMomentum hook.
#include <gtest/gtest.h>

#include <vector>

#include "engine/optim/schedule.h"
#include "engine/optim/update_rule.h"
#include "tests/engine/optim/test_objective.h"

namespace optiscope {
namespace one_cycle_momentum_test {

using nlohmann::json;

TEST(OneCycleMomentumTest, MatchesTorchOneCycleMomenta) {
  const json fixture = testing::LoadFixture("schedules.json");
  ASSERT_TRUE(fixture.contains("cases")) << "missing schedules.json";
  const int epochs = fixture.at("epochs");
  const int batches = fixture.at("batches_per_epoch");
  int checked = 0;
  for (const json& c : fixture.at("cases")) {
    if (!c.contains("momenta")) continue;
    SCOPED_TRACE(c.at("name").get<std::string>());
    const json& j = c.at("config");
    ScheduleConfig config;
    config.type = ScheduleType::kOneCycle;
    config.max_lr = j.value("max_lr", config.max_lr);
    config.pct_start = j.value("pct_start", config.pct_start);
    config.div_factor = j.value("div_factor", config.div_factor);
    config.final_div_factor = j.value("final_div_factor", config.final_div_factor);
    auto made = MakeSchedule(config, fixture.at("base_lr"), epochs, batches);
    ASSERT_TRUE(made.ok());
    const auto momenta = c.at("momenta").get<std::vector<double>>();
    ASSERT_EQ(momenta.size(), static_cast<size_t>(epochs * batches));
    for (size_t s = 0; s < momenta.size(); ++s) {
      const auto m = (*made)->Momentum();
      ASSERT_TRUE(m.has_value());
      ASSERT_NEAR(*m, momenta[s], 1e-12) << "step " << s;
      (*made)->StepBatch();
    }
    ++checked;
  }
  EXPECT_EQ(checked, 2);
}

TEST(OneCycleMomentumTest, OffWhenDisabledAndForOtherSchedules) {
  ScheduleConfig config;
  config.type = ScheduleType::kOneCycle;
  config.cycle_momentum = false;
  EXPECT_FALSE((*MakeSchedule(config, 0.1, 3, 4))->Momentum().has_value());
  config.type = ScheduleType::kCosine;
  EXPECT_FALSE((*MakeSchedule(config, 0.1, 3, 4))->Momentum().has_value());
}

// A rule whose momentum is set to m behaves exactly like a rule built with m.
TEST(OneCycleMomentumTest, SetMomentumEqualsConfiguredMomentum) {
  for (const OptimizerType type :
       {OptimizerType::kMomentum, OptimizerType::kAdam, OptimizerType::kAdamw}) {
    SCOPED_TRACE(EnumName(type));
    OptimizerConfig a = DefaultOptimizerConfig(type), b = a;
    if (type == OptimizerType::kMomentum) {
      a.momentum = 0.9;
      b.momentum = 0.85;
    } else {
      b.beta1 = 0.85;
    }
    auto set = MakeUpdateRule(a).value();
    auto built = MakeUpdateRule(b).value();
    EXPECT_TRUE(set->SetMomentum(0.85));
    std::vector<Scalar> p1 = {1.0f, -2.0f, 0.5f}, p2 = p1;
    set->Reset(3);
    built->Reset(3);
    for (int step = 0; step < 5; ++step) {
      const std::vector<Scalar> g1 = {p1[0], 2 * p1[1], -p1[2]}, g2 = {p2[0], 2 * p2[1], -p2[2]};
      set->Step(g1, 0.1, p1);
      built->Step(g2, 0.1, p2);
    }
    EXPECT_EQ(p1, p2);
  }
  auto plain = MakeUpdateRule(DefaultOptimizerConfig(OptimizerType::kSgd)).value();
  EXPECT_FALSE(plain->SetMomentum(0.9));
}

}  // namespace one_cycle_momentum_test
}  // namespace optiscope
