// optiscope-cli study: run (JSON lines, resume), list/show/export, spec errors, the command
// objective example, and export-then-train reproducing the best trial's metric.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/compress/compressed_model_file.h"
#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace cli_study_test {

using testing_cli::CliResult;
using testing_cli::RunCli;
using Json = nlohmann::json;

std::vector<Json> JsonLines(const std::string& text) {
  std::vector<Json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    out.push_back(Json::parse(line, nullptr, false));
    EXPECT_FALSE(out.back().is_discarded()) << line;
  }
  return out;
}

class CliStudyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::path(::testing::TempDir()) / "clistudy_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    db_ = "sqlite:" + (dir_ / "studies.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::filesystem::path dir_;
  std::string db_;
};

TEST_F(CliStudyTest, RunJsonListShowExportAndResume) {
  const std::string spec = Write("b.json", R"({"name": "br", "sampler": {"type": "random",
      "seed": 4}, "n_trials": 10, "objective": {"function": "branin"}})");
  CliResult r = RunCli({"study", "run", spec, "--storage", db_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 21u);  // 10 started + 10 finished + study_finished
  const Json& last = lines.back();
  EXPECT_EQ(last["event"], "study_finished");
  EXPECT_EQ(last["n_trials"], 10);
  EXPECT_EQ(last["reason"], "budget used");
  ASSERT_TRUE(last["best"].is_object());
  EXPECT_TRUE(last["best"]["params"].contains("x1"));
  double best = 1e300;
  for (const Json& j : lines) {
    if (j["event"] == "trial_finished") best = std::min(best, j["value"].get<double>());
  }
  EXPECT_EQ(last["best"]["value"].get<double>(), best);

  // Resume: the same name with a larger budget runs only the missing trials.
  r = RunCli({"study", "run", spec, "--storage", db_, "--json", "--n-trials", "12"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(JsonLines(r.out).back()["n_trials"], 12);

  r = RunCli({"study", "list", "--storage", db_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("br"), std::string::npos);
  r = RunCli({"study", "show", "--storage", db_, "--name", "br"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("study br (minimize): 12 trials"), std::string::npos) << r.out;

  r = RunCli({"study", "export", "--storage", db_, "--trials-csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream csv(r.out);
  std::string header;
  std::getline(csv, header);
  EXPECT_EQ(header, "number,state,value,x1,x2,seconds,origin,reason");
  int rows = 0;
  for (std::string line; std::getline(csv, line);) ++rows;
  EXPECT_EQ(rows, 12);

  r = RunCli({"study", "export", "--storage", db_, "--name", "nope", "--best"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no study named 'nope'"), std::string::npos) << r.err;
}

TEST_F(CliStudyTest, SpecErrorsNameFileLineAndColumn) {
  const std::string spec = Write("bad.json", "{\"n_trials\": 5,\n \"objective\": {\"function\": "
                                             "\"branin\"},\n \"pruner\": {\"type\": \"medain\"}}");
  const CliResult r = RunCli({"study", "run", spec, "--storage", "memory"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind(spec + ":3:12: pruner: ", 0), 0u) << r.err;
  EXPECT_EQ(RunCli({"study", "frobnicate"}).exit_code, 2);
}

TEST_F(CliStudyTest, CommandObjectiveExample) {
  const std::string spec = std::string(OPTISCOPE_SOURCE_DIR) + "/resources/examples/study_command.json";
  const CliResult r = RunCli({"study", "run", spec, "--storage", "memory", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json last = JsonLines(r.out).back();
  EXPECT_EQ(last["n_complete"], 20);
  // (x - 1)^2 (+ 0.5 for "ridge"): 20 random trials on [-5, 5] come within 0.5 of the minimum 0.
  EXPECT_LT(last["best"]["value"].get<double>(), 0.5);
  EXPECT_GE(last["best"]["value"].get<double>(), 0.0);
}

TEST_F(CliStudyTest, ExportedBestConfigurationReproducesItsMetric) {
  const std::string spec = Write("mlp.json", R"({
    "name": "mlp", "sampler": {"type": "random", "seed": 1}, "n_trials": 3,
    "space": {"lr": {"type": "float", "low": 1e-3, "high": 3e-2, "log": true},
              "width": {"type": "int", "low": 8, "high": 32}},
    "objective": {
      "config": {"data": {"source": "iris"}, "model": {"hidden": [8]},
                 "training": {"epochs": 5, "batch_size": 16}},
      "bind": {"lr": "optimizer.lr", "width": "model.hidden[0]"},
      "metric": "val_loss", "direction": "minimize"}})");
  CliResult r = RunCli({"study", "run", spec, "--storage", db_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json best = JsonLines(r.out).back()["best"];
  ASSERT_TRUE(best.is_object()) << r.out;
  const std::string exported = (dir_ / "best.json").string();
  r = RunCli({"study", "export", "--storage", db_, "--name", "mlp", "--best", "--output", exported});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCli({"train", "--config", exported, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json finished = JsonLines(r.out).back();
  ASSERT_EQ(finished["event"], "run_finished");
  // Same configuration, same seed: the same validation loss (float training is deterministic).
  EXPECT_NEAR(finished["validation"]["loss"].get<double>(), best["value"].get<double>(), 1e-6);
}

// Cross-validation: the folds train side by side and each epoch is reported once, as the mean
// over all folds, so the pruner decides on every fold.
TEST_F(CliStudyTest, CrossValidationReportsOneFoldMeanPerEpoch) {
  const std::string spec = Write("cv.json", R"({
    "name": "cv", "sampler": {"type": "random", "seed": 2}, "n_trials": 2,
    "pruner": {"type": "median", "n_startup_trials": 1},
    "space": {"lr": {"type": "float", "low": 1e-3, "high": 3e-2, "log": true}},
    "objective": {
      "config": {"data": {"source": "iris"}, "model": {"hidden": [8]},
                 "training": {"epochs": 4, "batch_size": 16}},
      "bind": {"lr": "optimizer.lr"}, "cv_folds": 3,
      "metric": "val_loss", "direction": "minimize"}})");
  const CliResult r = RunCli({"study", "run", spec, "--storage", "memory", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<int, std::vector<int>> steps;  // trial -> reported steps in order
  for (const Json& line : JsonLines(r.out)) {
    if (line["event"] == "trial_report") {
      steps[line["trial"].get<int>()].push_back(line["step"].get<int>());
      EXPECT_TRUE(line["value"].is_number());
    }
  }
  // Trial 0 (no pruning yet): epochs 1..4, each once although 3 folds ran.
  EXPECT_EQ(steps[0], (std::vector<int>{1, 2, 3, 4}));
  ASSERT_TRUE(steps.count(1));
  for (size_t i = 0; i < steps[1].size(); ++i) EXPECT_EQ(steps[1][i], static_cast<int>(i) + 1);
}

// A compress study (accuracy vs bytes) on a small iris model trained once, then the best trial's
// compressed model exported as .optq: it loads, and measures the accuracy the trial recorded.
TEST_F(CliStudyTest, CompressStudyExportsTheBestCompressedModel) {
  const std::string spec = Write("compress.json", R"({
    "name": "cmp", "sampler": {"type": "random", "seed": 3}, "n_trials": 4,
    "space": {"bits": {"type": "categorical", "choices": ["8", "4", "2"]},
              "sparsity": {"type": "float", "low": 0.0, "high": 0.5},
              "fine_tune_epochs": {"type": "int", "low": 0, "high": 1}},
    "pruner": {"type": "median"},
    "objective": {"compress": {"config": {"data": {"source": "iris"}, "model": {"hidden": [8]},
                                          "training": {"epochs": 20, "batch_size": 16}}}}})");
  CliResult r = RunCli({"study", "run", spec, "--storage", db_, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("pruning is off"), std::string::npos) << r.err;
  const Json last = JsonLines(r.out).back();
  ASSERT_EQ(last["n_complete"], 4) << r.out;
  const Json best = last["best"];
  ASSERT_TRUE(best.is_object());
  ASSERT_EQ(best["values"].size(), 2u);  // accuracy (maximize), bytes (minimize)
  EXPECT_GT(best["values"][0].get<double>(), 0.5);
  EXPECT_FALSE(last["pareto_front"].empty());

  const std::string model = (dir_ / "best.optq").string();
  r = RunCli({"study", "export", "--storage", db_, "--name", "cmp", "--best-model", model});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("wrote"), std::string::npos);
  auto loaded = LoadCompressedModel(model);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  // The exported model is the trial's: the same storage bytes.
  EXPECT_EQ(static_cast<double>(loaded->StorageBytes()), best["values"][1].get<double>());
  // It records its data source, so evaluate scores it on the study's test split (issue 15), with
  // the accuracy the trial recorded.
  r = RunCli({"evaluate", "--model", model, "--split", "test", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json evaluation = JsonLines(r.out).back();
  EXPECT_EQ(evaluation["split"], "test");
  EXPECT_NEAR(evaluation["accuracy"].get<double>(), best["values"][0].get<double>(), 1e-9)
      << r.out;

  // A chosen trial, and the errors.
  r = RunCli({"study", "export", "--storage", db_, "--name", "cmp", "--best-model", model,
              "--trial", "99"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("no trial 99"), std::string::npos) << r.err;
  r = RunCli({"study", "export", "--storage", db_, "--name", "cmp", "--best-model", model,
              "--trial", "0"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace cli_study_test
}  // namespace optiscope
