// The racer list syntax of `optiscope-cli race --optimizers`: exact parse results and errors.
#include "engine/race/racer_spec.h"

#include <gtest/gtest.h>

namespace optiscope {
namespace racer_spec_test {

TEST(RacerSpecTest, ParsesTypesAndSettings) {
  auto r = ParseRacerSpecs("adam:lr=0.01, sgd:lr=0.1:momentum=0.9:nesterov=true,rmsprop");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].label, "adam");
  EXPECT_EQ((*r)[0].optimizer.type, OptimizerType::kAdam);
  EXPECT_DOUBLE_EQ((*r)[0].optimizer.lr, 0.01);
  EXPECT_EQ((*r)[1].label, "sgd");
  EXPECT_DOUBLE_EQ((*r)[1].optimizer.lr, 0.1);
  EXPECT_DOUBLE_EQ((*r)[1].optimizer.momentum, 0.9);
  EXPECT_TRUE((*r)[1].optimizer.nesterov);
  // Unset settings are the rule's defaults.
  EXPECT_EQ((*r)[2].optimizer, DefaultOptimizerConfig(OptimizerType::kRmsprop));
}

TEST(RacerSpecTest, RepeatedTypesAreLabelledByTheirText) {
  auto r = ParseRacerSpecs("adam:lr=0.01,adam:lr=0.001,sgd:label=plain");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].label, "adam:lr=0.01");
  EXPECT_EQ((*r)[1].label, "adam:lr=0.001");
  EXPECT_EQ((*r)[2].label, "plain");
}

TEST(RacerSpecTest, ErrorsNameTheRacerAndTheProblem) {
  auto unknown = ParseRacerSpecs("adam,adma");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(),
            "racer 'adma': unknown optimizer 'adma' (did you mean 'adam'?)");
  auto key = ParseRacerSpecs("sgd:lrr=0.1");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().message(),
            "racer 'sgd:lrr=0.1': unknown setting 'lrr' (did you mean 'lr'?)");
  auto value = ParseRacerSpecs("sgd:lr=fast");
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.status().message(), "racer 'sgd:lr=fast': 'fast' is not a number");
  auto form = ParseRacerSpecs("sgd:lr");
  ASSERT_FALSE(form.ok());
  EXPECT_EQ(form.status().message(), "racer 'sgd:lr': setting 'lr' needs the form key=value");
  EXPECT_FALSE(ParseRacerSpecs("adam,adam").ok());
  EXPECT_FALSE(ParseRacerSpecs("").ok());
  EXPECT_FALSE(ParseRacerSpecs("adam,,sgd").ok());
}

}  // namespace racer_spec_test
}  // namespace optiscope
