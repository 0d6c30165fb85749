// Association measures against values computed by hand: Pearson's r, the correlation ratio,
// Cramér's V and majority agreement (a copy, an identifier, a constant).
#include "engine/data/association.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace optiscope {
namespace association_test {

TEST(AssociationTest, PearsonMatchesTheHandComputedValue) {
  // dx = -1.5 -0.5 0.5 1.5, dy = -3 -1 0 4: sxy = 11, sxx = 5, syy = 26, r = 11 / sqrt(130).
  const std::vector<double> x = {1, 2, 3, 4}, y = {2, 4, 5, 9};
  EXPECT_NEAR(PearsonCorrelation(x, y), 11.0 / std::sqrt(130.0), 1e-12);
  const std::vector<double> negated = {-2, -4, -5, -9};
  EXPECT_NEAR(PearsonCorrelation(x, negated), -11.0 / std::sqrt(130.0), 1e-12);
}

TEST(AssociationTest, PearsonIsNaNForAConstantOrTooFewValues) {
  EXPECT_TRUE(std::isnan(PearsonCorrelation(std::vector<double>{1, 2, 3},
                                            std::vector<double>{5, 5, 5})));
  EXPECT_TRUE(std::isnan(PearsonCorrelation(std::vector<double>{1}, std::vector<double>{2})));
}

TEST(AssociationTest, CorrelationRatioMatchesTheHandComputedValue) {
  // Mean 4; total sum of squares 9 + 1 + 1 + 9 = 20; group means 2 and 6: between 16.
  const std::vector<int32_t> groups = {0, 0, 1, 1};
  const std::vector<double> values = {1, 3, 5, 7};
  EXPECT_NEAR(CorrelationRatio(groups, 2, values), std::sqrt(16.0 / 20.0), 1e-12);
  // A value fixed by its group: 1; equal group means: 0.
  EXPECT_NEAR(CorrelationRatio(groups, 2, std::vector<double>{2, 2, 6, 6}), 1.0, 1e-12);
  EXPECT_NEAR(CorrelationRatio(groups, 2, std::vector<double>{1, 3, 3, 1}), 0.0, 1e-12);
  EXPECT_TRUE(std::isnan(CorrelationRatio(groups, 2, std::vector<double>{4, 4, 4, 4})));
}

TEST(AssociationTest, CramersVMatchesTheChiSquareByHand) {
  // Cells (0,0) 2, (0,1) 1, (1,1) 3; expected 1, 2, 1, 2: chi² = 1 + 0.5 + 1 + 0.5 = 3, n = 6.
  const std::vector<int32_t> a = {0, 0, 0, 1, 1, 1}, b = {0, 0, 1, 1, 1, 1};
  EXPECT_NEAR(CramersV(a, 2, b, 2), std::sqrt(3.0 / 6.0), 1e-12);
  EXPECT_NEAR(CramersV(a, 2, a, 2), 1.0, 1e-12);
  // Unused levels do not count; one level present: no measure.
  EXPECT_NEAR(CramersV(a, 5, b, 7), std::sqrt(3.0 / 6.0), 1e-12);
  EXPECT_TRUE(std::isnan(CramersV(a, 2, std::vector<int32_t>(6, 1), 2)));
}

TEST(AssociationTest, MajorityAgreementTellsACopyFromAnIdentifier) {
  const std::vector<int32_t> a = {0, 0, 0, 1, 1, 1}, b = {0, 0, 1, 1, 1, 1};
  const MajorityAgreement some = MajorityAgreementOf(a, 2, b, 2);
  EXPECT_NEAR(some.a_to_b, 5.0 / 6.0, 1e-12);  // a = 0 -> b = 0 (2 of 3), a = 1 -> b = 1 (3)
  EXPECT_NEAR(some.b_to_a, 5.0 / 6.0, 1e-12);  // b = 0 -> a = 0 (2), b = 1 -> a = 1 (3 of 4)
  const std::vector<int32_t> relabelled = {2, 2, 2, 0, 0, 0};
  const MajorityAgreement copy = MajorityAgreementOf(relabelled, 3, a, 2);
  EXPECT_EQ(copy.a_to_b, 1.0);
  EXPECT_EQ(copy.b_to_a, 1.0);
  const std::vector<int32_t> id = {0, 1, 2, 3, 4, 5};
  const MajorityAgreement identifier = MajorityAgreementOf(id, 6, b, 2);
  EXPECT_EQ(identifier.a_to_b, 1.0);
  EXPECT_NEAR(identifier.b_to_a, 2.0 / 6.0, 1e-12);  // one row per level of b
}

}  // namespace association_test
}  // namespace optiscope
