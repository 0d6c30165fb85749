// "optiscope-cli compress --structured": removes whole hidden neurons (by the L1 or L2 norm of
// their incoming weights), writes the smaller model, and refuses inconsistent flags; the help
// documents the pruning, fine-tuning and QAT flags.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine/compress/compressed_model_file.h"
#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace compress_structured_test {

TEST(CliCompressStructuredTest, HalfTheHiddenNeuronsGoAndTheFileHoldsTheSmallerNetwork) {
  const std::string out = ::testing::TempDir() + "/cli_structured.optq";
  const auto r = testing_cli::RunCli({"compress", "--epochs", "3", "--bits", "8", "--structured",
                                      "--sparsity", "0.5", "--norm", "l1", "--fine-tune-epochs",
                                      "1", "--json", "--quiet", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  // 64-128-64-10 -> 64-64-32-10: 4096 + 2048 + 320 of 17024 weights are kept.
  EXPECT_NEAR(j["sparsity"].get<double>(), 1.0 - 6464.0 / 17024, 0.01);
  EXPECT_NE(j["label"].get<std::string>().find("neurons pruned (L1)"), std::string::npos) << j;
  EXPECT_GT(j["ratio"].get<double>(), 8.0);  // int8 on a network with ~38% of the weights
  auto loaded = LoadCompressedModel(out);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->layers.size(), 3u);
  EXPECT_EQ(loaded->layers[0].fan_out, 64);
  EXPECT_EQ(loaded->layers[1].fan_out, 32);
  EXPECT_EQ(loaded->layers[2].fan_out, 10);
  std::remove(out.c_str());
}

TEST(CliCompressStructuredTest, InconsistentFlagsAreUsageErrors) {
  auto r = testing_cli::RunCli({"compress", "--norm", "l1", "--sparsity", "0.5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--norm applies to --structured"), std::string::npos) << r.err;
  r = testing_cli::RunCli({"compress", "--structured", "--sparsity", "0.5", "--norm", "l3"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown neuron norm 'l3'"), std::string::npos) << r.err;
  r = testing_cli::RunCli({"compress", "--structured"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--structured needs --sparsity"), std::string::npos) << r.err;
  r = testing_cli::RunCli({"compress", "--structured", "--sparsity", "0.5", "--lottery-ticket"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(CliCompressStructuredTest, HelpDocumentsPruningFineTuningAndQat) {
  const auto r = testing_cli::RunCli({"compress", "--help"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* flag : {"--sparsity", "--fine-tune-epochs", "--qat", "--structured", "--norm"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
}

}  // namespace compress_structured_test
}  // namespace optiscope
