// End to end: `models` (text and JSON), `train --model ... --param`, the full test metrics in
// `train --json` and in the `--export` result block, `--save-model` + `evaluate` reproducing the
// run's test metrics, and corrupt / truncated model files refused.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.h"

namespace optiscope {
namespace cli_models_test {

using nlohmann::json;
using testing_cli::CliResult;
using testing_cli::RunCli;

json LastLine(const std::string& out) {
  std::istringstream in(out);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return json::parse(last);
}

class CliModelsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::path(::testing::TempDir()) / "cli_models_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::filesystem::path dir_;
};

TEST_F(CliModelsTest, ModelsListsEveryFamilyWithTypedHyperparameters) {
  const CliResult text = RunCli({"models"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  for (const char* name : {"linear", "logistic", "mlp", "linear_svm", "kernel_svm", "tree",
                           "random_forest", "gradient_boosting", "knn"}) {
    EXPECT_NE(("\n" + text.out).find(std::string("\n") + name + " ("), std::string::npos) << name;
  }
  EXPECT_NE(text.out.find("n_estimators (n_trees)"), std::string::npos) << text.out;
  const CliResult j = RunCli({"models", "--json"});
  ASSERT_EQ(j.exit_code, 0);
  const json models = json::parse(j.out);
  ASSERT_EQ(models.size(), 9u);
  const json& forest = models[6];
  EXPECT_EQ(forest["name"], "random_forest");
  EXPECT_EQ(forest["family"], "classic");
  const json& trees = forest["params"][0];
  EXPECT_EQ(trees["name"], "n_estimators");
  EXPECT_EQ(trees["type"], "int");
  EXPECT_EQ(trees["default"], 100);
  EXPECT_EQ(trees["min"], 1);
  EXPECT_EQ(RunCli({"models", "random_forrest"}).exit_code, 2);
}

TEST_F(CliModelsTest, ParamOverridesAreTypedAndChecked) {
  const CliResult bad = RunCli({"train", "--dataset", "iris", "--model", "random_forest",
                                "--param", "n_estimatrs=5"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("did you mean \"n_estimators\""), std::string::npos) << bad.err;
  const CliResult range = RunCli(
      {"train", "--dataset", "iris", "--model", "knn", "--param", "n_neighbors=0"});
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_NE(range.err.find("model.params.n_neighbors: must be a whole number in [1,"),
            std::string::npos)
      << range.err;
}

TEST_F(CliModelsTest, ClassicRunReportsFullMetricsExportsAndEvaluatesTheSavedModel) {
  const std::string model = Path("forest.osm"), exported = Path("forest.json");
  const CliResult r = RunCli({"train", "--dataset", "wine", "--model", "random_forest", "--param",
                              "n_trees=40", "--param", "max_depth=6", "--json", "--save-model",
                              model, "--export", exported});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json finished = LastLine(r.out);
  ASSERT_EQ(finished["event"], "run_finished");
  EXPECT_EQ(finished["model"], "random_forest");
  const json& test = finished["test"];
  for (const char* key : {"accuracy", "precision_macro", "recall_macro", "f1_macro", "roc_auc",
                          "log_loss"}) {
    EXPECT_TRUE(test[key].is_number()) << key << " in " << test.dump();
  }
  ASSERT_EQ(test["confusion_matrix"].size(), 3u);
  EXPECT_EQ(test["class_names"].size(), 3u);

  // The exported configuration carries the result block and still reads as a configuration.
  std::ifstream in(exported);
  const json doc = json::parse(in);
  EXPECT_EQ(doc["model"]["params"]["n_estimators"], 40);
  EXPECT_EQ(doc["result"]["test"]["f1_macro"], test["f1_macro"]);
  const CliResult again = RunCli({"train", "--config", exported, "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(LastLine(again.out)["test"]["accuracy"], test["accuracy"]);

  // evaluate --split test on the same data reproduces the run's test metrics exactly.
  const CliResult eval = RunCli({"evaluate", "--model", model, "--split", "test", "--json"});
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  const json e = json::parse(eval.out);
  for (const char* key : {"accuracy", "precision_macro", "recall_macro", "f1_macro", "roc_auc",
                          "log_loss", "confusion_matrix"}) {
    EXPECT_EQ(e[key], test[key]) << key;
  }
  const CliResult all = RunCli({"evaluate", "--model", model, "--dataset", "wine"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_NE(all.out.find("confusion matrix"), std::string::npos) << all.out;
}

TEST_F(CliModelsTest, DenseModelSavedAndEvaluated) {
  const std::string model = Path("mlp.osm");
  const CliResult r = RunCli({"train", "--dataset", "iris", "--model", "mlp", "--hidden", "16",
                              "--epochs", "20", "--lr", "0.01", "--json", "--save-model", model});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json test = LastLine(r.out)["test"];
  const CliResult eval = RunCli({"evaluate", "--model", model, "--split", "test", "--json"});
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  const json e = json::parse(eval.out);
  EXPECT_EQ(e["accuracy"], test["accuracy"]);
  EXPECT_EQ(e["confusion_matrix"], test["confusion_matrix"]);
  EXPECT_NEAR(e["log_loss"].get<double>(), test["log_loss"].get<double>(), 1e-12);
}

TEST_F(CliModelsTest, CorruptOrTruncatedModelFilesAreRefused) {
  const std::string model = Path("knn.osm");
  ASSERT_EQ(RunCli({"train", "--dataset", "iris", "--model", "knn", "--quiet", "--save-model",
                    model})
                .exit_code,
            0);
  std::ifstream in(model, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string corrupt = bytes;
  corrupt[corrupt.size() - 10] = corrupt[corrupt.size() - 10] == '1' ? '2' : '1';
  std::ofstream(Path("corrupt.osm"), std::ios::binary) << corrupt;
  std::ofstream(Path("short.osm"), std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  std::ofstream(Path("other.osm"), std::ios::binary) << "{\"not\": \"a model\"}";
  const CliResult c = RunCli({"evaluate", "--model", Path("corrupt.osm")});
  EXPECT_EQ(c.exit_code, 1);
  EXPECT_NE(c.err.find("corrupt: checksum mismatch"), std::string::npos) << c.err;
  const CliResult t = RunCli({"evaluate", "--model", Path("short.osm")});
  EXPECT_EQ(t.exit_code, 1);
  EXPECT_NE(t.err.find("truncated"), std::string::npos) << t.err;
  const CliResult o = RunCli({"evaluate", "--model", Path("other.osm")});
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("not an optiscope model file"), std::string::npos) << o.err;
  EXPECT_EQ(RunCli({"evaluate", "--model", Path("missing.osm")}).exit_code, 1);
}

}  // namespace cli_models_test
}  // namespace optiscope
