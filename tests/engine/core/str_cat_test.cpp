// StrCat / StrAppend concatenate in order, keep what *out already held, and take temporaries.
#include "engine/core/str_cat.h"

#include <gtest/gtest.h>

namespace optiscope {
namespace str_cat_test {

TEST(StrCatTest, ConcatenatesPiecesInOrder) {
  EXPECT_EQ(StrCat({}), "");
  EXPECT_EQ(StrCat({"x", std::to_string(12), "", "-", std::string(3, 'z')}), "x12-zzz");
}

TEST(StrCatTest, AppendKeepsTheExistingText) {
  std::string out = "a,b";
  StrAppend(&out, {",", std::to_string(-7), "\n"});
  EXPECT_EQ(out, "a,b,-7\n");
  StrAppend(&out, {});
  EXPECT_EQ(out, "a,b,-7\n");
}

}  // namespace str_cat_test
}  // namespace optiscope
