// Study analysis: best-so-far trace, Pareto front and empirical distribution on hand-checked data.
#include "engine/search/study_analysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace optiscope {
namespace study_analysis_test {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST(BestSoFarTest, MinimizeAndMaximizeSkipNaN) {
  const std::vector<double> v = {kNaN, 3.0, 5.0, 1.0, kNaN, 2.0};
  const std::vector<double> lo = BestSoFar(v, Direction::kMinimize);
  ASSERT_EQ(lo.size(), 6u);
  EXPECT_TRUE(std::isnan(lo[0]));
  EXPECT_EQ(lo[1], 3.0);
  EXPECT_EQ(lo[2], 3.0);
  EXPECT_EQ(lo[3], 1.0);
  EXPECT_EQ(lo[4], 1.0);
  EXPECT_EQ(lo[5], 1.0);
  const std::vector<double> hi = BestSoFar(v, Direction::kMaximize);
  EXPECT_EQ(hi[1], 3.0);
  EXPECT_EQ(hi[2], 5.0);
  EXPECT_EQ(hi[5], 5.0);
}

TEST(ParetoFront2Test, MinimizeBoth) {
  // (1,5) (2,3) (3,4)x (4,1) (2,3) duplicate (5,5)x (NaN,0) ignored.
  const std::vector<ObjectivePoint> p = {{1, 5}, {2, 3}, {3, 4}, {4, 1}, {2, 3}, {5, 5}, {kNaN, 0}};
  const std::vector<int> front = ParetoFront2(p, Direction::kMinimize, Direction::kMinimize);
  EXPECT_EQ(front, (std::vector<int>{0, 1, 4, 3}));
}

TEST(ParetoFront2Test, MixedDirections) {
  // Minimize first, maximize second: (1,1) (2,3) (2,2)x (3,3)x (4,9).
  const std::vector<ObjectivePoint> p = {{1, 1}, {2, 3}, {2, 2}, {3, 3}, {4, 9}};
  EXPECT_EQ(ParetoFront2(p, Direction::kMinimize, Direction::kMaximize),
            (std::vector<int>{0, 1, 4}));
  // Maximize both: only (4,9) survives.
  EXPECT_EQ(ParetoFront2(p, Direction::kMaximize, Direction::kMaximize), (std::vector<int>{4}));
}

TEST(ParetoFront2Test, SameFirstValueKeepsOnlyBestSecond) {
  const std::vector<ObjectivePoint> p = {{1, 2}, {1, 1}, {0, 3}};
  EXPECT_EQ(ParetoFront2(p, Direction::kMinimize, Direction::kMinimize), (std::vector<int>{2, 1}));
}

TEST(EmpiricalCdfTest, SortedWithFractions) {
  const std::vector<double> v = {3.0, kNaN, 1.0, 2.0, std::numeric_limits<double>::infinity()};
  const EmpiricalDistribution edf = EmpiricalCdf(v);
  EXPECT_EQ(edf.x, (std::vector<double>{1.0, 2.0, 3.0}));
  ASSERT_EQ(edf.y.size(), 3u);
  EXPECT_DOUBLE_EQ(edf.y[0], 1.0 / 3);
  EXPECT_DOUBLE_EQ(edf.y[2], 1.0);
  EXPECT_TRUE(EmpiricalCdf(std::vector<double>{kNaN}).x.empty());
}

}  // namespace study_analysis_test
}  // namespace optiscope
