#include "engine/search/statistics.h"

#include <gtest/gtest.h>

#include "tests/engine/search/search_fixture.h"

namespace optiscope {
namespace statistics_test {

TEST(StatisticsTest, StudentTCdfMatchesScipy) {
  for (const auto& row : testing::SearchReference()["t_cdf"]) {
    const double t = row[0], v = row[1], p = row[2];
    EXPECT_NEAR(StudentTCdf(t, v), p, 1e-12) << "t=" << t << " dof=" << v;
  }
  EXPECT_NEAR(RegularizedIncompleteBeta(2, 3, 0.4), 0.5248, 1e-12);  // 1 - sum binomial terms
}

TEST(StatisticsTest, CorrectedResampledTTestMatchesScipy) {
  for (const auto& c : testing::SearchReference()["ttest"]) {
    const std::vector<double> a = c["a"], b = c["b"];
    auto r = CorrectedResampledTTest(a, b, c["ratio"].get<double>());
    ASSERT_TRUE(r.ok());
    EXPECT_NEAR(r->t, c["t"].get<double>(), 1e-9);
    EXPECT_NEAR(r->p_value, c["p"].get<double>(), 1e-10);
    EXPECT_EQ(r->dof, static_cast<double>(a.size() - 1));
  }
}

TEST(StatisticsTest, TTestEdgeCases) {
  const std::vector<double> a = {1, 2, 3}, b = {1, 2};
  EXPECT_FALSE(CorrectedResampledTTest(a, b, 0.1).ok());
  EXPECT_FALSE(CorrectedResampledTTest(std::vector<double>{1}, std::vector<double>{1}, 0.1).ok());
  EXPECT_FALSE(CorrectedResampledTTest(a, a, -1).ok());
  auto same = CorrectedResampledTTest(a, a, 0.2);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->p_value, 1.0);
  const std::vector<double> shifted = {2, 3, 4};
  auto sure = CorrectedResampledTTest(shifted, a, 0.2);
  ASSERT_TRUE(sure.ok());
  EXPECT_EQ(sure->p_value, 0.0);
}

}  // namespace statistics_test
}  // namespace optiscope
