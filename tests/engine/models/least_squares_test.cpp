// Closed-form least squares: exact recovery of a noiseless linear target, ridge shrinkage,
// rank-deficient designs.
#include "engine/models/least_squares.h"

#include <gtest/gtest.h>

#include "engine/core/rng.h"

namespace optiscope {
namespace least_squares_test {

TEST(LeastSquaresTest, RecoversNoiselessLinearFunction) {
  Rng rng(4);
  Mat X(50, 3);
  Vec y(50);
  for (int i = 0; i < 50; ++i) {
    for (int j = 0; j < 3; ++j) X(i, j) = static_cast<Scalar>(rng.Normal());
    y[i] = 2.0f * X(i, 0) - 1.5f * X(i, 1) + 0.25f * X(i, 2) + 3.0f;
  }
  auto p = FitLeastSquares(X, y);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->size(), 4u);
  EXPECT_NEAR((*p)[0], 2.0, 1e-4);
  EXPECT_NEAR((*p)[1], -1.5, 1e-4);
  EXPECT_NEAR((*p)[2], 0.25, 1e-4);
  EXPECT_NEAR((*p)[3], 3.0, 1e-4);
}

TEST(LeastSquaresTest, RidgeShrinksWeightsButNotTheIntercept) {
  Mat X(4, 1);
  X << -1, 1, -1, 1;
  Vec y(4);
  y << 4, 6, 4, 6;                      // y = 5 + x
  auto p = FitLeastSquares(X, y, 1.0);  // var(x) = 1: w = 1/(1+1)
  ASSERT_TRUE(p.ok());
  EXPECT_NEAR((*p)[0], 0.5, 1e-6);
  EXPECT_NEAR((*p)[1], 5.0, 1e-6);
}

TEST(LeastSquaresTest, DuplicatedColumnsGiveTheLeastNormSolution) {
  Mat X(3, 2);
  X << 1, 1, 2, 2, 3, 3;
  Vec y(3);
  y << 2, 4, 6;  // y = 2x, shared equally by the two identical columns
  auto p = FitLeastSquares(X, y);
  ASSERT_TRUE(p.ok());
  EXPECT_NEAR((*p)[0], 1.0, 1e-4);
  EXPECT_NEAR((*p)[1], 1.0, 1e-4);
  EXPECT_NEAR((*p)[2], 0.0, 1e-4);
}

TEST(LeastSquaresTest, RejectsEmptyOrMismatchedInput) {
  EXPECT_FALSE(FitLeastSquares(Mat(0, 2), Vec(0)).ok());
  EXPECT_FALSE(FitLeastSquares(Mat::Zero(3, 2), Vec::Zero(2)).ok());
}

}  // namespace least_squares_test
}  // namespace optiscope
