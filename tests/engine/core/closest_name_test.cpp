// Edit distance and "did you mean" suggestions.
#include "engine/core/closest_name.h"

#include <gtest/gtest.h>

namespace optiscope {
namespace closest_name_test {

TEST(ClosestNameTest, EditDistanceCountsEditsAndAdjacentTranspositions) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("adam", "adam"), 0);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
  EXPECT_EQ(EditDistance("lrr", "lr"), 1);
  EXPECT_EQ(EditDistance("flaw", "lawn"), 2);
  EXPECT_EQ(EditDistance("modle", "model"), 1);  // adjacent transposition
  EXPECT_EQ(EditDistance("ca", "abc"), 3);       // no edits of a transposed pair
}

TEST(ClosestNameTest, SuggestsOnlyPlausibleTypos) {
  const std::vector<std::string> names = {"lr", "momentum", "beta1", "beta2", "weight_decay"};
  EXPECT_EQ(ClosestName("lrr", names), "lr");
  EXPECT_EQ(ClosestName("momentun", names), "momentum");
  EXPECT_EQ(ClosestName("weight_decy", names), "weight_decay");
  EXPECT_EQ(ClosestName("beta", names), "beta1");           // tie: the earliest candidate
  EXPECT_EQ(ClosestName("weight", names), "weight_decay");  // prefix
  EXPECT_EQ(ClosestName("colour", names), "");
  EXPECT_EQ(ClosestName("", names), "");
}

}  // namespace closest_name_test
}  // namespace optiscope
