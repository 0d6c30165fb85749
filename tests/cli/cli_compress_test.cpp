// "optiscope-cli compress": the figures of one setting, the --sweep --json contract (float32
// baseline as bits 32, sweep_finished last), the written file, and usage errors.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/compress/compressed_model_file.h"
#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace cli_compress_test {

TEST(CliCompressTest, SweepJsonEndsWithSweepFinishedHoldingEveryPoint) {
  const auto r = testing_cli::RunCli(
      {"compress", "--epochs", "3", "--sweep", "--json", "--sweep-bits", "32,8,1", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line, last;
  int points = 0;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    if (j["event"] == "sweep_point") ++points;
    last = line;
  }
  EXPECT_EQ(points, 3);
  const auto done = nlohmann::json::parse(last);
  EXPECT_EQ(done["event"], "sweep_finished");
  ASSERT_EQ(done["points"].size(), 3u);
  EXPECT_EQ(done["points"][0]["bits"], 32.0);
  EXPECT_EQ(done["points"][1]["bits"], 8.0);
  for (const auto& p : done["points"]) {
    for (const char* key : {"bits", "sparsity", "accuracy", "bytes", "latency_ms"}) {
      EXPECT_TRUE(p.contains(key)) << key;
    }
  }
  EXPECT_GT(done["points"][0]["bytes"].get<long long>(), 3 * done["points"][1]["bytes"].get<long long>());
}

TEST(CliCompressTest, OneSettingPrintsFiguresAndWritesALoadableFile) {
  const std::string out = ::testing::TempDir() + "/cli_compress.optq";
  const auto r = testing_cli::RunCli({"compress", "--epochs", "3", "--bits", "8", "--per-channel",
                                  "--json", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["event"], "compressed");
  EXPECT_EQ(j["bits"], 8.0);
  EXPECT_GT(j["ratio"].get<double>(), 3.5);
  auto loaded = LoadCompressedModel(out);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->StorageBytes(), j["bytes"].get<long long>());
  std::remove(out.c_str());
}

TEST(CliCompressTest, CompressesAModelFileWrittenByTrain) {
  const std::string model = ::testing::TempDir() + "/cli_compress_src.model";
  auto t = testing_cli::RunCli({"train", "--epochs", "3", "--quiet", "--save-model", model});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  const auto r = testing_cli::RunCli({"compress", "--model", model, "--bits", "4", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["bits"], 4.0);
  EXPECT_GT(j["ratio"].get<double>(), 6.0);
  const auto bad = testing_cli::RunCli({"compress", "--model", model + ".missing"});
  EXPECT_EQ(bad.exit_code, 1);
  std::remove(model.c_str());
}

TEST(CliCompressTest, BadValuesAreUsageErrors) {
  auto r = testing_cli::RunCli({"compress", "--bits", "3"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown bit-width '3'"), std::string::npos) << r.err;
  r = testing_cli::RunCli({"compress", "--sparsity", "1.5"});
  EXPECT_EQ(r.exit_code, 2);
  r = testing_cli::RunCli({"compress", "--sweep", "--out", "x.optq"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace cli_compress_test
}  // namespace optiscope
