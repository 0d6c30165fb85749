// End-to-end tests of "optiscope-cli project" and "optiscope-cli select".
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace cli_project_test {

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

// select and project take train's data options: the target is the column --target names (not
// the last one), --drop-columns leaves columns out, a bad value is a usage error.
TEST(CliSelect, TakesTrainsDataOptions) {
  const std::string path = ::testing::TempDir() + "/select_housing.csv";
  {
    std::ofstream out(path);
    out << "id,price,rooms,noise,price_copy\n";
    for (int i = 0; i < 60; ++i) {
      const int rooms = 1 + i % 5;
      out << i << "," << 50 * rooms + i % 7 << "," << rooms << "," << (i * 37) % 11 << ","
          << 50 * rooms + i % 7 + i % 2 << "\n";
    }
  }
  const CliResult r = RunCli({"select", "--dataset", path, "--target", "price", "--drop-columns",
                              "id,price_copy", "--task", "regression", "--k", "1", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json j = LastJsonLine(r.out);
  ASSERT_EQ(j["features"].size(), 2u) << r.out;  // rooms and noise: not id, price or its copy
  EXPECT_EQ(j["features"][0]["feature"], "rooms");
  EXPECT_EQ(j["features"][1]["feature"], "noise");

  // Without --drop-columns the (nearly exact) copy of the target is a feature, and ranks first:
  // the leak the option exists for.
  const CliResult leak = RunCli({"select", "--dataset", path, "--target", "price", "--task",
                                 "regression", "--json"});
  ASSERT_EQ(leak.exit_code, 0) << leak.err;
  EXPECT_EQ(LastJsonLine(leak.out)["features"][0]["feature"], "price_copy");

  const CliResult project = RunCli({"project", "--dataset", path, "--target", "price",
                                    "--drop-columns", "id", "--components", "2"});
  ASSERT_EQ(project.exit_code, 0) << project.err;
  EXPECT_NE(project.out.find("60 rows x 3 features"), std::string::npos) << project.out;

  const CliResult bad_column = RunCli({"select", "--dataset", path, "--drop-columns", "idd"});
  EXPECT_EQ(bad_column.exit_code, 1);
  EXPECT_NE(bad_column.err.find("no column named 'idd' (did you mean 'id'?)"), std::string::npos)
      << bad_column.err;
  const CliResult bad_scaling =
      RunCli({"project", "--dataset", path, "--scaling", "unit"});
  EXPECT_EQ(bad_scaling.exit_code, 2) << bad_scaling.err;
  std::remove(path.c_str());
}

}  // namespace cli_project_test
}  // namespace optiscope
