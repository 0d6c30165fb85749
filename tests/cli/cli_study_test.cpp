// optiscope-cli study: run (JSON lines, resume), list/show/export, spec errors, the command
// objective example, and export-then-train reproducing the best trial's metric.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace {

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

}  // namespace
}  // namespace optiscope
