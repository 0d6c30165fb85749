// "optiscope-cli evaluate" on a compressed .optq file: the test-split figures equal the ones
// 'compress' printed (same integer inference, same rows), and a truncated file is refused.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace cli_evaluate_compressed_test {

TEST(CliEvaluateCompressedTest, TestSplitMatchesCompressAndTruncatedFilesAreRefused) {
  const std::string out = ::testing::TempDir() + "/cli_evaluate_compressed.optq";
  const auto c = testing_cli::RunCli({"compress", "--epochs", "3", "--bits", "8", "--per-channel",
                                      "--json", "--out", out});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  const auto compressed = nlohmann::json::parse(c.out);

  const auto e = testing_cli::RunCli({"evaluate", "--model", out, "--split", "test", "--json"});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const auto evaluation = nlohmann::json::parse(e.out);
  EXPECT_EQ(evaluation["event"], "evaluation");
  EXPECT_EQ(evaluation["split"], "test");
  EXPECT_NEAR(evaluation["accuracy"].get<double>(), compressed["accuracy"].get<double>(), 1e-6);

  const auto all = testing_cli::RunCli({"evaluate", "--model", out, "--json"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_GT(nlohmann::json::parse(all.out)["rows"].get<int>(), evaluation["rows"].get<int>());

  // Other data: refused with a message naming it (iris has no "target" column).
  const auto wrong = testing_cli::RunCli({"evaluate", "--model", out, "--dataset", "iris"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("iris"), std::string::npos) << wrong.err;  // names the data

  std::filesystem::resize_file(out, std::filesystem::file_size(out) / 2);
  const auto truncated = testing_cli::RunCli({"evaluate", "--model", out});
  EXPECT_EQ(truncated.exit_code, 1);
  EXPECT_NE(truncated.err.find(out), std::string::npos) << truncated.err;
  std::remove(out.c_str());
}

}  // namespace cli_evaluate_compressed_test
}  // namespace optiscope
