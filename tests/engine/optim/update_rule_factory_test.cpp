// MakeUpdateRule: names, PyTorch-style validation, and hand-computed first steps.
#include <gtest/gtest.h>

#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/optim/update_rule.h"

namespace optiscope {
namespace update_rule_factory_test {

std::unique_ptr<UpdateRule> Make(const OptimizerConfig& c) {
  auto r = MakeUpdateRule(c);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : nullptr;
}

TEST(UpdateRuleFactory, BuildsEveryFirstOrderName) {
  for (const char* name : {"gd", "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam",
                           "amsgrad", "adamw", "nadam", "sgd_hd", "adam_hd"}) {
    auto rule = Make(DefaultOptimizerConfig(EnumFromName<OptimizerType>(name).value()));
    ASSERT_NE(rule, nullptr) << name;
    EXPECT_EQ(rule->Name(), name);
  }
}

TEST(UpdateRuleFactory, RejectsUnknownAndLbfgsWithActionableMessages) {
  // An unknown name does not get as far as a configuration: the name table refuses it.
  auto unknown = ParseEnum<OptimizerType>("adamax", "optimizer.type");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.status().message().find("adamax"), std::string::npos);
  auto lbfgs = MakeUpdateRule(DefaultOptimizerConfig(OptimizerType::kLbfgs));
  ASSERT_FALSE(lbfgs.ok());
  EXPECT_NE(lbfgs.status().message().find("lbfgs.h"), std::string::npos);
}

TEST(UpdateRuleFactory, ValidatesLikeTorch) {
  OptimizerConfig c = DefaultOptimizerConfig(OptimizerType::kSgd);
  c.lr = -1;
  EXPECT_FALSE(MakeUpdateRule(c).ok());
  c = DefaultOptimizerConfig(OptimizerType::kNesterov);
  c.dampening = 0.5;
  EXPECT_FALSE(MakeUpdateRule(c).ok());
  c = DefaultOptimizerConfig(OptimizerType::kAdam);
  c.beta2 = 1.0;
  EXPECT_FALSE(MakeUpdateRule(c).ok());
}

TEST(UpdateRuleFactory, MomentumStepsMatchHandComputation) {
  // μ = 0.9, lr = 0.1, g = θ (f = θ²/2) from θ = 1: b1 = 1, θ1 = 0.9; b2 = 0.9 + 0.9 = 1.8,
  // θ2 = 0.9 - 0.18 = 0.72.
  auto rule = Make(DefaultOptimizerConfig(OptimizerType::kMomentum));
  rule->Reset(1);
  std::vector<Scalar> p = {1.0f}, g(1);
  g[0] = p[0];
  rule->Step(g, 0.1, p);
  EXPECT_FLOAT_EQ(p[0], 0.9f);
  g[0] = p[0];
  rule->Step(g, 0.1, p);
  EXPECT_FLOAT_EQ(p[0], 0.72f);
}

TEST(UpdateRuleFactory, AdamFirstStepIsLrTimesSign) {
  auto rule = Make(DefaultOptimizerConfig(OptimizerType::kAdam));
  rule->Reset(3);
  std::vector<Scalar> p = {1.0f, -2.0f, 0.5f};
  std::vector<Scalar> g = {3.0f, -0.25f, 100.0f};
  rule->Step(g, 0.01, p);
  EXPECT_NEAR(p[0], 0.99f, 1e-6);
  EXPECT_NEAR(p[1], -1.99f, 1e-6);
  EXPECT_NEAR(p[2], 0.49f, 1e-6);
}

}  // namespace update_rule_factory_test
}  // namespace optiscope
