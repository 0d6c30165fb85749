// Fuzz findings config/number_overflow.json and spec/number_overflow.json (tests/fuzz/findings/):
// a number literal too large for a double makes the JSON library throw out_of_range (406), which
// is not a parse_error; it reached std::terminate from ParseExperimentConfig and ParseStudySpec.
// Both now give a one-line ParseError naming the file and the number.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "engine/config/config_json.h"
#include "engine/core/json_depth.h"
#include "engine/search/study_spec.h"

namespace optiscope {
namespace json_number_findings_test {

std::string ReadFinding(const std::string& relative) {
  std::ifstream in(std::string(OPTISCOPE_SOURCE_DIR) + "/tests/fuzz/findings/" + relative,
                   std::ios::binary);
  EXPECT_TRUE(in.good()) << relative;
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(JsonNumberFindings, AConfigWithAnOverflowingNumberIsAParseError) {
  const auto config = ParseExperimentConfig(ReadFinding("config/number_overflow.json"), "c.json");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kParseError);
  EXPECT_EQ(config.status().message().rfind("c.json: number overflow parsing '", 0), 0u)
      << config.status().message();
  EXPECT_FALSE(ParseExperimentConfig(R"({"name": "x", "training": {"epochs": 1e999}})", "d.json")
                   .ok());
}

TEST(JsonNumberFindings, ASpecWithAnOverflowingNumberIsAParseError) {
  const auto spec = ParseStudySpec(ReadFinding("spec/number_overflow.json"), "s.json", "/tmp");
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().message().rfind("s.json: number overflow parsing '", 0), 0u)
      << spec.status().message();
}

TEST(JsonNumberFindings, ExceptionReasonDropsTheLibraryTag) {
  EXPECT_EQ(JsonExceptionReason("[json.exception.out_of_range.406] number overflow parsing '1e999'"),
            "number overflow parsing '1e999'");
  EXPECT_EQ(JsonExceptionReason("plain"), "plain");
}

}  // namespace json_number_findings_test
}  // namespace optiscope
