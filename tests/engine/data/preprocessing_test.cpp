#include "engine/data/preprocessing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace optiscope {
namespace preprocessing_test {

const float kNaN = std::numeric_limits<float>::quiet_NaN();

TEST(PreprocessingTest, StandardizeUsesPopulationStdAndConstantScaleOne) {
  Mat X(4, 2);
  X << 1, 5, 2, 5, 3, 5, 4, 5;
  Preprocessor p(Imputation::kMean, Scaling::kStandardize);
  p.Fit(X);
  EXPECT_FLOAT_EQ(p.offset()(0), 2.5f);
  EXPECT_FLOAT_EQ(p.scale()(0), std::sqrt(1.25f));  // numpy: np.std([1,2,3,4]) = 1.118034
  EXPECT_FLOAT_EQ(p.offset()(1), 5.0f);
  EXPECT_FLOAT_EQ(p.scale()(1), 1.0f);
  Mat Y = X;
  p.Transform(&Y);
  EXPECT_NEAR(Y.col(0).mean(), 0.0f, 1e-6);
  EXPECT_NEAR(std::sqrt(Y.col(0).array().square().mean()), 1.0f, 1e-6);
  EXPECT_EQ(Y(0, 1), 0.0f);
}

TEST(PreprocessingTest, MinMaxMapsTrainRangeToUnitInterval) {
  Mat X(3, 2);
  X << -2, 7, 0, 7, 6, 7;
  Preprocessor p(Imputation::kMean, Scaling::kMinMax);
  p.Fit(X);
  Mat Y = X;
  p.Transform(&Y);
  EXPECT_FLOAT_EQ(Y(0, 0), 0.0f);
  EXPECT_FLOAT_EQ(Y(1, 0), 0.25f);
  EXPECT_FLOAT_EQ(Y(2, 0), 1.0f);
  EXPECT_FLOAT_EQ(Y(1, 1), 0.0f);
  Mat Z(1, 2);
  Z << 10, 8;  // outside the training range: beyond 1
  p.Transform(&Z);
  EXPECT_FLOAT_EQ(Z(0, 0), 1.5f);
  EXPECT_FLOAT_EQ(Z(0, 1), 1.0f);
}

TEST(PreprocessingTest, ImputationStrategies) {
  Mat X(5, 3);
  X << 1, kNaN, kNaN,  //
      2, 3, kNaN,      //
      kNaN, 3, kNaN,   //
      10, 1, kNaN,     //
      3, 2, kNaN;
  Preprocessor mean(Imputation::kMean, Scaling::kNone);
  mean.Fit(X);
  EXPECT_FLOAT_EQ(mean.fill()(0), 4.0f);
  EXPECT_FLOAT_EQ(mean.fill()(1), 2.25f);
  EXPECT_FLOAT_EQ(mean.fill()(2), 0.0f);  // entirely missing
  Preprocessor median(Imputation::kMedian, Scaling::kNone);
  median.Fit(X);
  EXPECT_FLOAT_EQ(median.fill()(0), 2.5f);  // mean of the middle two of 1,2,3,10
  EXPECT_FLOAT_EQ(median.fill()(1), 2.5f);
  Preprocessor frequent(Imputation::kMostFrequent, Scaling::kNone);
  frequent.Fit(X);
  EXPECT_FLOAT_EQ(frequent.fill()(0), 1.0f);  // all once: smallest
  EXPECT_FLOAT_EQ(frequent.fill()(1), 3.0f);
  Mat Y = X;
  median.Transform(&Y);
  EXPECT_FLOAT_EQ(Y(2, 0), 2.5f);
  EXPECT_FLOAT_EQ(Y(0, 1), 2.5f);
  EXPECT_FLOAT_EQ(Y(0, 0), 1.0f);
  EXPECT_TRUE(Y.allFinite());
}

TEST(PreprocessingTest, ParseNames) {
  EXPECT_EQ(*ParseImputation("median"), Imputation::kMedian);
  EXPECT_EQ(*ParseImputation("most_frequent"), Imputation::kMostFrequent);
  EXPECT_FALSE(ParseImputation("mode").ok());
  EXPECT_EQ(*ParseScaling("minmax"), Scaling::kMinMax);
  EXPECT_EQ(*ParseScaling("none"), Scaling::kNone);
  EXPECT_EQ(ParseScaling("zscore").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace preprocessing_test
}  // namespace optiscope
