#include "engine/search/test_functions.h"

#include <gtest/gtest.h>

#include <numbers>

#include "engine/core/rng.h"

namespace optiscope {
namespace test_functions_test {

TEST(TestFunctionsTest, KnownOptimaAreAttained) {
  for (const auto& [name, dims] : std::vector<std::pair<std::string, int>>{
           {"branin", 2}, {"hartmann6", 6}, {"rosenbrock", 5}, {"ackley", 4}, {"rastrigin", 3},
           {"styblinski_tang", 5}, {"mixed", 0}, {"conditional", 0}}) {
    auto f = MakeTestFunction(name, dims);
    ASSERT_TRUE(f.ok()) << name;
    EXPECT_TRUE(f->space.Validate(f->argmin).ok()) << name;
    EXPECT_NEAR(f->evaluate(f->argmin), f->optimum, 1e-5) << name;
  }
  EXPECT_NEAR(Branin(-std::numbers::pi, 12.275), 0.397887, 1e-6);
  EXPECT_NEAR(Branin(9.42478, 2.475), 0.397887, 1e-6);
  EXPECT_NEAR(Rosenbrock(std::vector<double>{0, 0}), 1.0, 1e-12);
  EXPECT_NEAR(Rastrigin(std::vector<double>{1, 0}), 1.0, 1e-12);
  EXPECT_NEAR(Ackley(std::vector<double>{0, 0, 0}), 0.0, 1e-12);
  EXPECT_EQ(MakeTestFunction("rastrigin", 3)->space.size(), 3);
  EXPECT_NEAR(MakeTestFunction("styblinski_tang", 5)->optimum, -39.16617 * 5, 1e-4);
  EXPECT_NEAR(StyblinskiTang(std::vector<double>{0, 1}), 0.5 * (1 - 16 + 5), 1e-12);
}

TEST(TestFunctionsTest, OptimaAreMinimaOfRandomPoints) {
  Rng rng(2);
  for (const char* name : {"branin", "hartmann6", "mixed"}) {
    auto f = MakeTestFunction(name);
    ASSERT_TRUE(f.ok());
    for (int i = 0; i < 2000; ++i) {
      ParamSet p;
      for (const ParamSpec& s : f->space.params()) {
        p[s.name] = s.IsCategorical() ? static_cast<double>(rng.UniformInt(s.NumChoices()))
                                      : s.Snap(rng.Uniform(s.low, s.high));
      }
      EXPECT_GE(f->evaluate(p), f->optimum - 1e-9) << name;
    }
  }
}

// The conditional function: its optimum is below every random valid point, and each branch's
// floor is as documented (linear >= 0.6, forest >= 0.3).
TEST(TestFunctionsTest, ConditionalOptimumBeatsRandomPointsAndBranchesHaveFloors) {
  auto f = MakeTestFunction("conditional");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->space.size(), 9);
  Rng rng(3);
  int models[3] = {0, 0, 0};
  for (int i = 0; i < 3000; ++i) {
    ParamSet p;
    for (int k = 0; k < f->space.size(); ++k) {
      const ParamSpec& s = f->space.params()[k];
      if (!f->space.IsActive(k, p)) continue;
      p[s.name] = s.IsCategorical() ? static_cast<double>(rng.UniformInt(s.NumChoices()))
                                    : s.Snap(rng.Uniform(s.low, s.high));
    }
    ASSERT_TRUE(f->space.Validate(p).ok()) << f->space.Validate(p).ToString();
    const double v = f->evaluate(p);
    const int model = static_cast<int>(p.at("model"));
    ++models[model];
    EXPECT_GE(v, model == 0 ? 0.6 : model == 2 ? 0.3 : 0.0);
    EXPECT_EQ(p.count("dropout") == 1, model == 1 && p.at("layers") >= 2);
  }
  for (int m : models) EXPECT_GT(m, 800);
}

TEST(TestFunctionsTest, ErrorsOnUnknownNameOrDims) {
  EXPECT_FALSE(MakeTestFunction("sphere").ok());
  EXPECT_FALSE(MakeTestFunction("ackley", 0).ok());
}

}  // namespace test_functions_test
}  // namespace optiscope
