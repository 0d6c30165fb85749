// Golden files (issue 13): a model file (.osm), its compressed form (.optq) and a schema-1 study
// database written by the code of 2026-12-06 (cea4c90; tests/fixtures/golden/make_golden.sh) must
// stay readable, with the same predictions and trials, so that a format change cannot silently
// orphan users' files. Expected figures are what that build's `evaluate --json` and `study run`
// printed for them.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_runner.h"

namespace optiscope::testing_cli {
namespace golden_files_test {

using Json = nlohmann::json;
const std::string kGolden = std::string(OPTISCOPE_FIXTURES_DIR) + "/golden/";

Json Evaluate(const std::vector<std::string>& args) {
  CliResult r = RunCli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << r.out;
  return j;
}

TEST(GoldenFilesTest, ModelFileReadsAndPredictsAsWhenWritten) {
  Json j = Evaluate({"evaluate", "--model", kGolden + "iris_mlp.osm", "--split", "all", "--json"});
  EXPECT_EQ(j.value("rows", 0), 150);
  EXPECT_EQ(j["class_names"], Json({"setosa", "versicolor", "virginica"}));
  EXPECT_EQ(j["confusion_matrix"], Json::parse("[[50,0,0],[0,24,26],[0,45,5]]"));
  EXPECT_NEAR(j.value("log_loss", 0.0), 0.8518587932082623, 1e-6);
  EXPECT_NEAR(j.value("roc_auc", 0.0), 0.6904666666666666, 1e-9);
}

TEST(GoldenFilesTest, CompressedModelReadsAndPredictsAsWhenWritten) {
  Json j = Evaluate({"evaluate", "--model", kGolden + "iris_mlp.optq", "--dataset", "iris",
                     "--split", "all", "--json"});
  EXPECT_EQ(j.value("rows", 0), 150);
  EXPECT_EQ(j.value("model", std::string()), "int8 W8A8 per-channel");
  EXPECT_EQ(j["confusion_matrix"], Json::parse("[[50,0,0],[0,25,25],[0,46,4]]"));
  EXPECT_NEAR(j.value("log_loss", 0.0), 0.8517711939852649, 1e-6);
}

TEST(GoldenFilesTest, SchemaOneStudyDatabaseOpensWithItsTrials) {
  // On a copy: opening upgrades the schema in place, and the committed file must stay as written.
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "golden_db";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "study.db").string();
  std::filesystem::copy_file(kGolden + "study_v1.db", db);
  CliResult r = RunCli({"study", "show", "--storage", "sqlite:" + db, "--name", "golden-branin",
                        "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("golden-branin"), std::string::npos) << r.out;
  // The best of the six random trials written then: trial 2, 12.9873.
  EXPECT_NE(r.out.find("12.987"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"complete\":6"), std::string::npos) << r.out;
  CliResult exported = RunCli({"study", "export", "--storage", "sqlite:" + db, "--name",
                               "golden-branin", "--trials-csv"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  for (const char* value : {"20.022", "34.157", "12.987", "16.535", "16.922", "66.290"}) {
    EXPECT_NE(exported.out.find(value), std::string::npos) << value << "\n" << exported.out;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace golden_files_test
}  // namespace optiscope::testing_cli
