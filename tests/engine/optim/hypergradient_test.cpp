// Hypergradient rules (Baydin et al. 2018): hand-computed α_t, schedule rescaling, Reset.
#include <gtest/gtest.h>

#include <vector>

#include "engine/optim/adam_hd.h"
#include "engine/optim/sgd_hd.h"

namespace optiscope {
namespace optim_hypergradient_test {

TEST(Hypergradient, SgdHdLearningRateFollowsThePaperAndTheSchedule) {
  // f = θ²/2, g = θ, θ0 = 1, lr 0.1, β = 0.01.
  SgdHd rule(SgdHdOptions{.hypergrad_beta = 0.01});
  rule.Reset(1);
  EXPECT_DOUBLE_EQ(rule.EffectiveLearningRate(0.1), 0.1);  // before any step: the caller's lr
  std::vector<Scalar> p = {1.0f}, g(1);
  g[0] = p[0];
  rule.Step(g, 0.1, p);  // h = 0: α = 0.1, θ = 0.9
  EXPECT_NEAR(rule.EffectiveLearningRate(0.1), 0.1, 1e-12);
  EXPECT_NEAR(p[0], 0.9f, 1e-7);
  g[0] = p[0];
  rule.Step(g, 0.1, p);  // h = 0.9·1: α = 0.109, θ = 0.9 − 0.109·0.9 = 0.8019
  EXPECT_NEAR(rule.EffectiveLearningRate(0.1), 0.109, 1e-8);
  EXPECT_NEAR(p[0], 0.8019f, 1e-6);
  g[0] = p[0];
  rule.Step(g, 0.05, p);  // schedule halves lr: α = 0.109·0.5 + 0.01·(0.8019·0.9)
  EXPECT_NEAR(rule.EffectiveLearningRate(0.05), 0.0545 + 0.01 * 0.8019 * 0.9, 1e-7);
  rule.Reset(1);
  EXPECT_DOUBLE_EQ(rule.EffectiveLearningRate(0.3), 0.3);
}

TEST(Hypergradient, AdamHdRaisesTheRateWhileGradientsAgreeAndLowersItWhenTheyFlip) {
  AdamHd rule(AdamHdOptions{.hypergrad_beta = 1e-3});
  rule.Reset(2);
  std::vector<Scalar> p = {1.0f, -1.0f};
  std::vector<Scalar> g = {1.0f, -1.0f};
  rule.Step(g, 0.01, p);
  EXPECT_DOUBLE_EQ(rule.EffectiveLearningRate(0.01), 0.01);
  rule.Step(g, 0.01, p);  // same gradient: h = g·u_prev = 2 > 0, α grows by β·2
  EXPECT_NEAR(rule.EffectiveLearningRate(0.01), 0.01 + 2e-3, 1e-6);
  const double before = rule.EffectiveLearningRate(0.01);
  g = {-1.0f, 1.0f};  // overshoot: the gradient flips, h < 0
  rule.Step(g, 0.01, p);
  EXPECT_LT(rule.EffectiveLearningRate(0.01), before);
}

}  // namespace optim_hypergradient_test
}  // namespace optiscope
