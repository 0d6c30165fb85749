// optiscope-cli race end to end: the JSON line contract (last line race_finished with results),
// the ranked table, per-optimizer settings, tuning, test functions and usage errors.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace cli_race_test {

using nlohmann::json;
using testing_cli::CliResult;
using testing_cli::RunCli;

constexpr const char* kMoonsConfig = R"({
  "name": "moons-race",
  "data": {"source": "synthetic", "synthetic": {"kind": "moons", "n": 300, "seed": 2}},
  "model": {"type": "mlp", "hidden": [8]},
  "training": {"epochs": 3, "batch_size": 16, "seed": 4}
})";

std::vector<std::string> Lines(const std::string& out) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class CliRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::path(::testing::TempDir()) / "cli_race_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    config_ = (dir_ / "moons.json").string();
    std::ofstream(config_) << kMoonsConfig;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::string config_;
};

// Issue 15: the landscape is summarised in the text output too, not only as a JSON line.
TEST_F(CliRaceTest, LandscapeIsSummarisedWithoutJson) {
  const CliResult r = RunCli({"race", "--config", config_, "--optimizers",
                              "sgd:lr=0.1,adam:lr=0.01", "--landscape", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const size_t at = r.out.find("Loss landscape: ");
  ASSERT_NE(at, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("grid around the ", at), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("training rows", at), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("nan", at), std::string::npos) << r.out;
}

TEST_F(CliRaceTest, JsonEndsWithRaceFinishedRankingEveryOptimizer) {
  const CliResult r = RunCli({"race", "--config", config_, "--optimizers",
                              "sgd:lr=0.1:momentum=0.9,adam:lr=0.01,rmsprop", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_GE(lines.size(), 2u + 3 * 3);
  std::map<std::string, int> epochs;
  for (const std::string& line : lines) {
    const json j = json::parse(line);
    ASSERT_TRUE(j.contains("event")) << line;
    if (j["event"] == "epoch") ++epochs[j["optimizer"].get<std::string>()];
  }
  EXPECT_EQ(epochs, (std::map<std::string, int>{{"sgd", 3}, {"adam", 3}, {"rmsprop", 3}}));
  const json first = json::parse(lines.front());
  EXPECT_EQ(first["event"], "race_started");
  EXPECT_EQ(first["optimizers"], json({"sgd", "adam", "rmsprop"}));
  // The last line: exactly the race_finished contract (more fields are allowed).
  const json last = json::parse(lines.back());
  ASSERT_EQ(last["event"], "race_finished");
  ASSERT_EQ(last["results"].size(), 3u);
  std::set<std::string> names;
  double previous = -1;
  for (const json& res : last["results"]) {
    names.insert(res["optimizer"].get<std::string>());
    ASSERT_TRUE(res["best_val_loss"].is_number());
    ASSERT_TRUE(res["seconds"].is_number());
    EXPECT_GE(res["best_val_loss"].get<double>(), previous);  // ranked best first
    previous = res["best_val_loss"].get<double>();
    EXPECT_EQ(res["status"], "ok");
    // Same data order for everyone.
    EXPECT_EQ(res["batch_order_hash"], last["results"][0]["batch_order_hash"]);
  }
  EXPECT_EQ(names, (std::set<std::string>{"sgd", "adam", "rmsprop"}));
  EXPECT_EQ(last["results"][0]["rank"], 1);
  // Settings were applied: the sgd entry raced at 0.1.
  for (const json& res : last["results"]) {
    if (res["optimizer"] == "sgd") {
      EXPECT_DOUBLE_EQ(res["lr"].get<double>(), 0.1);
    }
  }
}

TEST_F(CliRaceTest, TableListsTheRankedOptimizers) {
  const CliResult r =
      RunCli({"race", "--config", config_, "--optimizers", "sgd,adam", "--epochs", "2", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 5u) << r.out;
  EXPECT_EQ(lines[0], "Race: moons-race, 2 epochs");
  EXPECT_EQ(lines[1].rfind("rank  optimizer", 0), 0u) << lines[1];
  EXPECT_EQ(lines[2].find("   1  "), 0u);
  EXPECT_EQ(lines[3].find("   2  "), 0u);
  EXPECT_EQ(lines[4].rfind("target validation loss ", 0), 0u);
}

TEST_F(CliRaceTest, TuneEachReportsEachChosenRate) {
  const CliResult r = RunCli({"race", "--config", config_, "--optimizers", "sgd,adam",
                              "--tune-each", "--tune-trials", "3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int tuned = 0;
  for (const std::string& line : Lines(r.out)) {
    const json j = json::parse(line);
    if (j["event"] != "racer_tuned") continue;
    ++tuned;
    EXPECT_EQ(j["lrs"].size(), 3u);
    EXPECT_TRUE(j["chosen_lr"].is_number());
  }
  EXPECT_EQ(tuned, 2);
  const json last = json::parse(Lines(r.out).back());
  for (const json& res : last["results"]) EXPECT_EQ(res["tuned"], true);
}

TEST_F(CliRaceTest, TestFunctionRaceFindsRosenbrocksMinimumWithLbfgs) {
  const CliResult r =
      RunCli({"race", "--function", "rosenbrock", "--optimizers", "adam,lbfgs", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(Lines(r.out).back());
  ASSERT_EQ(j["event"], "function_result");
  EXPECT_NEAR(j["results"][1]["final_x"].get<double>(), 1.0, 1e-2);
  EXPECT_NEAR(j["results"][1]["final_y"].get<double>(), 1.0, 2e-2);
}

TEST_F(CliRaceTest, UsageErrorsNameTheProblem) {
  CliResult r = RunCli({"race", "--optimizers", "adam,sgd:lr=x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("racer 'sgd:lr=x': 'x' is not a number"), std::string::npos) << r.err;
  r = RunCli({"race", "--config", config_, "--epochs", "two"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--epochs"), std::string::npos);
  r = RunCli({"race", "--function", "sphere"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown test function 'sphere'"), std::string::npos);
  r = RunCli({"race", "--config", (dir_ / "missing.json").string()});
  EXPECT_EQ(r.exit_code, 1);
}

// race takes train's data, model and training options (one shared table): a logistic regression
// on iris with one column dropped, 4 epochs, every racer trained on 3 features.
TEST_F(CliRaceTest, TakesTrainsDataAndModelOptions) {
  const CliResult r = RunCli({"race", "--dataset", "iris", "--drop-columns", "sepal_width",
                              "--model", "logistic", "--epochs", "4", "--optimizers",
                              "sgd:lr=0.1,adam:lr=0.01", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_FALSE(lines.empty());
  const json last = json::parse(lines.back());
  EXPECT_EQ(last["event"], "race_finished");
  int epochs = 0;
  for (const std::string& line : lines) epochs += json::parse(line)["event"] == "epoch";
  EXPECT_EQ(epochs, 2 * 4) << r.out;
  const CliResult bad = RunCli({"race", "--dataset", "iris", "--drop-columns", "petal"});
  EXPECT_EQ(bad.exit_code, 1) << bad.err;
  EXPECT_NE(bad.err.find("no column named 'petal'"), std::string::npos) << bad.err;
}

}  // namespace cli_race_test
}  // namespace optiscope
