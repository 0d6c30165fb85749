// Histogram bins and category bars against counts made by hand.
#include "engine/data/histogram.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace optiscope {
namespace histogram_test {

TEST(HistogramTest, SturgesRule) {
  EXPECT_EQ(SturgesBins(0), 1);
  EXPECT_EQ(SturgesBins(1), 1);
  EXPECT_EQ(SturgesBins(8), 4);     // 1 + log2 8
  EXPECT_EQ(SturgesBins(150), 9);   // 1 + ceil(7.23)
  EXPECT_EQ(SturgesBins(1000), 11);
}

TEST(HistogramTest, EqualWidthBinsCountEveryValueOnce) {
  const double nan = std::nan("");
  const std::vector<double> v = {0, 1, 2, 3, 4, 5, 6, 7, nan};
  const std::vector<HistogramBin> bins = EqualWidthHistogram(v, 20);
  ASSERT_EQ(bins.size(), 4u);  // Sturges for 8 values; width 7 / 4
  EXPECT_DOUBLE_EQ(bins[0].low, 0.0);
  EXPECT_DOUBLE_EQ(bins[1].low, 1.75);
  EXPECT_DOUBLE_EQ(bins[3].high, 7.0);
  for (const HistogramBin& b : bins) EXPECT_EQ(b.count, 2);
  const std::vector<HistogramBin> two = EqualWidthHistogram(v, 2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].count, 4);  // 0..3
  EXPECT_EQ(two[1].count, 4);  // 4..7, the maximum in the closed last bin
}

TEST(HistogramTest, ConstantAndEmptyColumns) {
  const std::vector<HistogramBin> one = EqualWidthHistogram(std::vector<double>{3, 3, 3}, 20);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].count, 3);
  EXPECT_TRUE(EqualWidthHistogram(std::vector<double>{std::nan("")}, 20).empty());
}

TEST(HistogramTest, CategoryBarsMostFrequentFirstThenOther) {
  const std::vector<std::string> categories = {"a", "b", "c", "d"};
  const std::vector<int32_t> codes = {0, 1, 1, 2, 2, 2, -1, 3};
  const std::vector<HistogramBin> all = CategoryBars(codes, categories, 8);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].label, "c");
  EXPECT_EQ(all[0].count, 3);
  EXPECT_EQ(all[1].label, "b");
  EXPECT_EQ(all[2].label, "a");  // ties keep the category order
  EXPECT_EQ(all[3].label, "d");
  const std::vector<HistogramBin> three = CategoryBars(codes, categories, 3);
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(three[2].label, "other (2 values)");
  EXPECT_EQ(three[2].count, 2);
}

}  // namespace histogram_test
}  // namespace optiscope
