#include "engine/search/test_functions.h"

#include <gtest/gtest.h>

#include <numbers>

#include "engine/core/rng.h"

namespace optiscope {
namespace {

TEST(TestFunctionsTest, KnownOptimaAreAttained) {
  for (const auto& [name, dims] : std::vector<std::pair<std::string, int>>{
           {"branin", 2}, {"hartmann6", 6}, {"rosenbrock", 5}, {"ackley", 4}, {"rastrigin", 3},
           {"mixed", 0}}) {
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

TEST(TestFunctionsTest, ErrorsOnUnknownNameOrDims) {
  EXPECT_FALSE(MakeTestFunction("sphere").ok());
  EXPECT_FALSE(MakeTestFunction("ackley", 0).ok());
}

}  // namespace
}  // namespace optiscope
