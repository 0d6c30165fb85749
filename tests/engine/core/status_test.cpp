#include "engine/core/status.h"

#include <gtest/gtest.h>

#include <string>

namespace optiscope {
namespace status_test {

TEST(StatusTest, OkAndErrors) {
  Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.ToString(), "OK");
  Status err = Status::ParseError("f.csv:2:3: bad");
  EXPECT_FALSE(err.ok());
  EXPECT_EQ(err.code(), StatusCode::kParseError);
  EXPECT_EQ(err.message(), "f.csv:2:3: bad");
  EXPECT_EQ(err.ToString(), "parse error: f.csv:2:3: bad");
  EXPECT_EQ(Status::NotFound("x").code(), StatusCode::kNotFound);
  EXPECT_EQ(Status::Cancelled().message(), "cancelled");
  EXPECT_STREQ(StatusCodeName(StatusCode::kIoError), "I/O error");
}

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd");
  return x / 2;
}

Status UsesMacro(int x, int* out) {
  OPTISCOPE_RETURN_IF_ERROR(Half(x).status());
  *out = *Half(x);
  return Status::Ok();
}

TEST(StatusTest, ResultHoldsValueOrError) {
  Result<int> good = Half(8);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 4);
  EXPECT_TRUE(good.status().ok());
  Result<int> bad = Half(3);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(), "odd");
  Result<std::string> s = std::string("abc");
  EXPECT_EQ(s->size(), 3u);
  std::string moved = std::move(s).value();
  EXPECT_EQ(moved, "abc");
  int out = 0;
  EXPECT_TRUE(UsesMacro(10, &out).ok());
  EXPECT_EQ(out, 5);
  EXPECT_EQ(UsesMacro(7, &out).message(), "odd");
}

}  // namespace status_test
}  // namespace optiscope
