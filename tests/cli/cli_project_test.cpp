// End-to-end tests of "optiscope-cli project" and "optiscope-cli select".
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace {

using testing_cli::CliResult;
using testing_cli::RunCli;

nlohmann::json LastJsonLine(const std::string& out) {
  const size_t end = out.find_last_not_of('\n');
  const size_t begin = out.rfind('\n', end);
  return nlohmann::json::parse(out.substr(begin == std::string::npos ? 0 : begin + 1));
}

TEST(CliProject, PcaOfIrisPrintsExplainedVarianceAndWritesCoordinates) {
  const std::string out_path = ::testing::TempDir() + "/iris_pca.csv";
  const CliResult r = RunCli({"project", "--dataset", "iris", "--components", "2", "--out",
                              out_path, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = LastJsonLine(r.out);
  EXPECT_EQ(j["event"], "projection_finished");
  ASSERT_EQ(j["explained_variance_ratio"].size(), 2u);
  // scikit-learn: PCA(2) of standardized iris explains 0.729624 and 0.228508.
  EXPECT_NEAR(j["explained_variance_ratio"][0].get<double>(), 0.729624, 1e-5);
  EXPECT_NEAR(j["explained_variance_ratio"][1].get<double>(), 0.228508, 1e-5);
  std::ifstream csv(out_path);
  std::string line;
  int lines = 0;
  while (std::getline(csv, line)) ++lines;
  EXPECT_EQ(lines, 151);  // header + 150 rows
}

TEST(CliProject, KernelPcaAndErrors) {
  const CliResult r = RunCli({"project", "--dataset", "wine", "--method", "kpca", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(LastJsonLine(r.out)["explained_variance_ratio"].size(), 2u);
  const CliResult bad = RunCli({"project", "--dataset", "iris", "--method", "tsne"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--method must be pca or kpca"), std::string::npos);
  const CliResult missing = RunCli({"project", "--dataset", "no_such_file.csv"});
  EXPECT_EQ(missing.exit_code, 1);
}

TEST(CliSelect, AnovaRanksIrisPetalFeaturesFirst) {
  const CliResult r = RunCli({"select", "--dataset", "iris", "--method", "anova", "--k", "2",
                              "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = LastJsonLine(r.out);
  ASSERT_EQ(j["features"].size(), 4u);
  EXPECT_EQ(j["features"][0]["feature"], "petal_length");
  EXPECT_EQ(j["features"][1]["feature"], "petal_width");
  EXPECT_TRUE(j["features"][1]["kept"].get<bool>());
  EXPECT_FALSE(j["features"][2]["kept"].get<bool>());
}

}  // namespace
}  // namespace optiscope
