// End to end: a model trained behind a features pipeline (standardize + ANOVA k=2 + PCA 2) is
// saved with `train --save-model`, and `evaluate --split test` reproduces the run's test metrics
// through the stored pipeline.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.h"

namespace optiscope {
namespace cli_features_model_test {

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

TEST(CliFeaturesModelTest, SavedPipelineModelEvaluatesLikeTraining) {
  std::string pattern =
      (std::filesystem::path(::testing::TempDir()) / "cli_features_XXXXXX").string();
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  const std::filesystem::path dir = pattern;
  const std::string config = (dir / "pipeline.json").string();
  const std::string model = (dir / "pipeline.osm").string();
  std::ofstream(config) << R"({
    "version": 1,
    "data": {"source": "wine", "scaling": "standardize"},
    "features": {"select": {"method": "kbest", "score": "anova", "k": 2},
                 "pca": {"method": "pca", "n_components": 2}},
    "model": {"type": "mlp", "hidden": [8]},
    "optimizer": {"type": "adam", "lr": 0.01},
    "training": {"epochs": 30}
  })";
  const CliResult r = RunCli({"train", "--config", config, "--json", "--save-model", model});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json test = LastLine(r.out)["test"];
  const CliResult eval = RunCli({"evaluate", "--model", model, "--split", "test", "--json"});
  ASSERT_EQ(eval.exit_code, 0) << eval.err;
  const json e = json::parse(eval.out);
  EXPECT_EQ(e["accuracy"], test["accuracy"]);
  EXPECT_EQ(e["confusion_matrix"], test["confusion_matrix"]);
  EXPECT_GT(e["accuracy"].get<double>(), 0.8);
  std::filesystem::remove_all(dir);
}

}  // namespace cli_features_model_test
}  // namespace optiscope
