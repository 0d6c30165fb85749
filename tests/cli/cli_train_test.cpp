// optiscope-cli train end to end: the --json event stream, export + re-run reproducing the same
// metrics, configuration errors, the human progress output, and Ctrl+C.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/config/config_json.h"
#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace cli_train_test {

using nlohmann::json;
using testing_cli::CliProcess;
using testing_cli::CliResult;
using testing_cli::RunCli;

// A small, quick run: iris, a softmax regression, a few epochs.
constexpr const char* kIrisConfig = R"({
  "name": "iris-cli-test",
  "data": {"source": "iris"},
  "model": {"type": "logistic"},
  "optimizer": {"type": "adam", "lr": 0.05},
  "training": {"epochs": 8, "batch_size": 16, "seed": 3}
})";

// Parses every stdout line as JSON; fails the test on a line that is not a JSON object.
std::vector<json> JsonLines(const std::string& out) {
  std::vector<json> events;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    json j = json::parse(line, nullptr, /*allow_exceptions=*/false);
    EXPECT_TRUE(j.is_object()) << "not a JSON object: " << line;
    if (j.is_object()) events.push_back(std::move(j));
  }
  return events;
}

bool IsFiniteNumber(const json& j) { return j.is_number() && std::isfinite(j.get<double>()); }

class CliTrainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::path(::testing::TempDir()) / "cli_train_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(CliTrainTest, JsonStreamHasRunStartedEpochsAndRunFinished) {
  const std::string config = Write("iris.json", kIrisConfig);
  const CliResult r = RunCli({"train", "--config", config, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> events = JsonLines(r.out);
  ASSERT_GE(events.size(), 10u) << r.out;

  const json& started = events.front();
  EXPECT_EQ(started["event"], "run_started");
  EXPECT_EQ(started["name"], "iris-cli-test");
  EXPECT_EQ(started["epochs"], 8);
  EXPECT_EQ(started["metric"], "accuracy");
  EXPECT_EQ(started["config"]["training"]["seed"], 3);

  int epoch = 0;
  for (const json& e : events) {
    ASSERT_TRUE(e.contains("event")) << e.dump();
    if (e["event"] != "epoch") continue;
    ++epoch;
    EXPECT_EQ(e["epoch"], epoch);
    EXPECT_EQ(e["epochs"], 8);
    for (const char* key : {"train_loss", "val_loss", "train_accuracy", "val_accuracy", "train_f1",
                            "val_f1", "seconds", "lr"}) {
      EXPECT_TRUE(IsFiniteNumber(e[key])) << key << " in " << e.dump();
    }
    EXPECT_FALSE(e.contains("val_r2")) << e.dump();
    EXPECT_GE(e["val_f1"].get<double>(), 0.0);
    EXPECT_LE(e["val_f1"].get<double>(), 1.0);
    EXPECT_EQ(e["lr"], 0.05);
  }
  EXPECT_EQ(epoch, 8);

  const json& finished = events.back();
  EXPECT_EQ(finished["event"], "run_finished");
  EXPECT_EQ(finished["status"], "ok");
  EXPECT_EQ(finished["epochs"], 8);
  EXPECT_TRUE(IsFiniteNumber(finished["seconds"]));
  EXPECT_GE(finished["seconds"].get<double>(), 0.0);
  for (const char* split : {"train", "validation", "test"}) {
    EXPECT_TRUE(IsFiniteNumber(finished[split]["loss"])) << split;
    ASSERT_TRUE(IsFiniteNumber(finished[split]["accuracy"])) << split;
    EXPECT_GE(finished[split]["accuracy"].get<double>(), 0.0);
    EXPECT_LE(finished[split]["accuracy"].get<double>(), 1.0);
  }
  // Eight epochs of softmax regression separate iris well beyond chance (1/3).
  EXPECT_GE(finished["test"]["accuracy"].get<double>(), 0.8);
  // The last epoch's figures are the run's final train and validation figures.
  const json& last = events[events.size() - 2];
  ASSERT_EQ(last["event"], "epoch") << last.dump();
  EXPECT_NEAR(last["val_f1"].get<double>(), finished["validation"]["f1_macro"].get<double>(),
              1e-12);
  EXPECT_NEAR(last["val_accuracy"].get<double>(), finished["validation"]["accuracy"].get<double>(),
              1e-12);
}

TEST_F(CliTrainTest, RegressionReportsRmseAndR2) {
  const CliResult r = RunCli({"train", "--dataset", "diabetes", "--model", "linear", "--optimizer",
                              "sgd", "--lr", "0.01", "--epochs", "3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> events = JsonLines(r.out);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front()["metric"], "rmse");
  EXPECT_EQ(events.front()["name"], "diabetes-linear");
  EXPECT_TRUE(IsFiniteNumber(events[1]["train_rmse"])) << events[1].dump();
  EXPECT_TRUE(IsFiniteNumber(events[1]["train_r2"])) << events[1].dump();
  EXPECT_TRUE(IsFiniteNumber(events[1]["val_r2"])) << events[1].dump();
  EXPECT_FALSE(events[1].contains("val_f1")) << events[1].dump();
  const json& test = events.back()["test"];
  EXPECT_TRUE(IsFiniteNumber(test["rmse"])) << test.dump();
  EXPECT_TRUE(IsFiniteNumber(test["r2"])) << test.dump();
  EXPECT_TRUE(IsFiniteNumber(test["loss"])) << test.dump();
  EXPECT_FALSE(test.contains("accuracy"));
}

TEST_F(CliTrainTest, ExportedConfigReproducesTheSameMetrics) {
  const std::string exported = (dir_ / "exported.json").string();
  const CliResult first = RunCli(
      {"train", "--dataset",   "iris",     "--model",  "mlp",    "--hidden", "8",  "--activation",
       "tanh",  "--optimizer", "momentum", "--lr",     "0.05",   "--batch",  "16", "--epochs",
       "5",     "--seed",      "11",       "--export", exported, "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;

  // The export is the effective configuration: the demo plus every override.
  Result<ExperimentConfig> loaded = LoadExperimentConfig(exported);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ExperimentConfig expected = DemoConfig();
  expected.name = "iris-mlp";
  expected.data.source = "iris";
  expected.model.hidden = {8};
  expected.model.activation = Activation::kTanh;
  expected.optimizer = DefaultOptimizerConfig(OptimizerType::kMomentum);
  expected.optimizer.lr = 0.05;
  expected.training = {.epochs = 5, .batch_size = 16, .seed = 11};
  EXPECT_EQ(*loaded, expected);

  const CliResult second = RunCli({"train", "--config", exported, "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  std::vector<json> a = JsonLines(first.out);
  std::vector<json> b = JsonLines(second.out);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    a[i].erase("seconds");  // wall time differs; everything else must not
    b[i].erase("seconds");
    EXPECT_EQ(a[i], b[i]) << "line " << i;
  }
}

TEST_F(CliTrainTest, BadConfigurationExitsOneNamingTheField) {
  struct Case {
    std::string content;
    std::string err_after_path;
  };
  const std::vector<Case> cases = {
      {R"({"optimizer": {"lr": -1}})", ": optimizer.lr: must be > 0, got -1\n"},
      {R"({"optimizer": {"lrr": 0.1}})", ": optimizer.lrr: unknown field (did you mean \"lr\"?)\n"},
      {"{\n  \"training\": {\n    \"epochs\": ten\n  }\n}\n",
       ":3:16: syntax error while parsing value - invalid literal; last read: '\"epochs\": te'\n"},
  };
  for (const Case& c : cases) {
    const std::string path = Write("bad.json", c.content);
    const CliResult r = RunCli({"train", "--config", path, "--json"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, path + c.err_after_path);
  }

  const CliResult invalid_override = RunCli({"train", "--dataset", "iris", "--dropout", "1.5"});
  EXPECT_EQ(invalid_override.exit_code, 1);
  EXPECT_EQ(invalid_override.err,
            "invalid configuration: model.dropout: must be in [0, 1), got 1.5\n");

  const std::string missing = (dir_ / "nowhere.csv").string();
  const CliResult no_data = RunCli({"train", "--dataset", missing, "--json"});
  EXPECT_EQ(no_data.exit_code, 1);
  EXPECT_NE(no_data.err.find(missing), std::string::npos) << no_data.err;
  EXPECT_EQ(std::count(no_data.err.begin(), no_data.err.end(), '\n'), 1) << no_data.err;
}

TEST_F(CliTrainTest, HumanOutputHasEpochLinesAndASummary) {
  const std::string config = Write("iris.json", kIrisConfig);
  const CliResult r = RunCli({"train", "--config", config, "--epochs", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // stderr is not a terminal here: one plain line per epoch.
  EXPECT_NE(r.err.find("\nepoch 1/3  train_loss "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\nepoch 3/3  train_loss "), std::string::npos) << r.err;
  EXPECT_EQ(r.out.rfind("status         ok\nepochs         3\ntraining time  ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("\ntest        "), std::string::npos) << r.out;
}

// Defect 17 in a terminal: a forest's lines count trees, its summary says what the fit grew, and
// a model without stages is one fit, not "1 epochs".
TEST_F(CliTrainTest, OneCallFitsCountTreesNotEpochs) {
  const CliResult forest = RunCli({"train", "--dataset", "wine", "--model", "random_forest",
                                   "--param", "n_estimators=4"});
  ASSERT_EQ(forest.exit_code, 0) << forest.err;
  EXPECT_NE(forest.err.find(", 4 trees\n"), std::string::npos) << forest.err;
  EXPECT_NE(forest.err.find("\ntree 1/4  train_loss "), std::string::npos) << forest.err;
  EXPECT_NE(forest.err.find("\ntree 4/4  train_loss "), std::string::npos) << forest.err;
  EXPECT_EQ(forest.out.rfind("status         ok\nfit            4 trees\n", 0), 0u) << forest.out;
  const CliResult knn = RunCli({"train", "--dataset", "wine", "--model", "knn"});
  ASSERT_EQ(knn.exit_code, 0) << knn.err;
  EXPECT_NE(knn.err.find(" in one call\n"), std::string::npos) << knn.err;
  EXPECT_EQ(knn.err.find("epochs"), std::string::npos) << knn.err;
  EXPECT_EQ(knn.out.rfind("status         ok\nfit            one call\n", 0), 0u) << knn.out;
  // --json: run_started names the step, fit_progress lines come before the curve.
  const CliResult json_run = RunCli({"train", "--dataset", "wine", "--model", "gradient_boosting",
                                     "--param", "n_estimators=3", "--json"});
  ASSERT_EQ(json_run.exit_code, 0) << json_run.err;
  const std::vector<json> events = JsonLines(json_run.out);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front()["step"], "stage");
  EXPECT_EQ(events.front()["epochs"], 3);
  int progress = 0, epochs = 0;
  for (const json& e : events) {
    progress += e["event"] == "fit_progress";
    epochs += e["event"] == "epoch";
  }
  EXPECT_EQ(progress, 3);
  EXPECT_EQ(epochs, 3);
}

TEST_F(CliTrainTest, DivergedRunExitsThreeWithTheReason) {
  // Plain SGD at lr 10 on the unscaled diabetes target overflows within the first epoch.
  const CliResult r = RunCli({"train", "--dataset", "diabetes", "--optimizer", "sgd", "--lr", "10",
                              "--epochs", "5", "--json"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const std::vector<json> events = JsonLines(r.out);
  ASSERT_FALSE(events.empty());
  const json& finished = events.back();
  EXPECT_EQ(finished["event"], "run_finished");
  EXPECT_EQ(finished["status"], "failed");
  const std::string reason = finished["reason"].get<std::string>();
  EXPECT_EQ(reason.rfind("loss became ", 0), 0u) << reason;
  EXPECT_TRUE(finished["test"]["loss"].is_null());
  EXPECT_EQ(r.err, "run failed: " + reason + "\n");
}

TEST_F(CliTrainTest, InterruptCancelsCleanlyWithStatus130) {
  // Far more epochs than can finish before the signal lands (~2 ms each): the run is interrupted
  // right after the first one is reported.
  CliProcess process({"train", "--dataset", "digits", "--epochs", "100000", "--json"},
                     (dir_ / "stderr.txt").string());
  bool saw_epoch = false;
  while (const auto line = process.ReadLine()) {
    if (line->find("\"event\":\"epoch\"") != std::string::npos) {
      saw_epoch = true;
      break;
    }
  }
  ASSERT_TRUE(saw_epoch);
  process.Signal(SIGINT);
  const CliResult r = process.Wait();
  EXPECT_EQ(r.exit_code, 130) << r.err;
  const std::vector<json> events = JsonLines(r.out);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()["event"], "run_finished");
  EXPECT_EQ(events.back()["status"], "cancelled");
  EXPECT_LT(events.back()["epochs"].get<int>(), 100000);
  EXPECT_TRUE(events.back()["test"]["accuracy"].is_null()) << events.back().dump();
  EXPECT_NE(r.err.find("interrupt"), std::string::npos) << r.err;
}

}  // namespace cli_train_test
}  // namespace optiscope

namespace optiscope {
namespace cli_train_test {

TEST(CliTrainSetTest, SetWritesAnyFieldByPathAndNamesBadOnes) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir());
  const std::string config = (dir / "cli_train_set_iris.json").string();
  std::ofstream(config, std::ios::binary) << kIrisConfig;
  const CliResult r = RunCli({"train", "--config", config, "--json", "--set",
                              "regularization.early_stopping_patience=2", "--set",
                              "regularization.early_stopping_monitor=val_metric", "--set",
                              "schedule.type=cosine", "--set", "regularization.l1=0.001"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> events = JsonLines(r.out);
  ASSERT_FALSE(events.empty());
  const json& c = events.front()["config"];
  EXPECT_EQ(c["regularization"]["early_stopping_patience"], 2);
  EXPECT_EQ(c["regularization"]["early_stopping_monitor"], "val_metric");
  EXPECT_EQ(c["schedule"]["type"], "cosine");
  EXPECT_DOUBLE_EQ(c["regularization"]["l1"].get<double>(), 0.001);

  const CliResult unknown = RunCli({"train", "--config", config, "--set", "regularisation.l1=1"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
  EXPECT_NE(unknown.err.find("--set"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("regularisation"), std::string::npos) << unknown.err;
  const CliResult no_eq = RunCli({"train", "--config", config, "--set", "regularization.l1"});
  EXPECT_EQ(no_eq.exit_code, 2);
  EXPECT_NE(no_eq.err.find("expects PATH=VALUE"), std::string::npos) << no_eq.err;
  std::filesystem::remove(config);
}

// Issue 15: --set takes whole arrays and words, read by the field's kind in the schema.
TEST(CliTrainSetTest, SetTakesWholeArraysAndWords) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir());
  const std::string config = (dir / "cli_train_set_arrays.json").string();
  std::ofstream(config, std::ios::binary) << kIrisConfig;
  const CliResult r = RunCli({"train", "--config", config, "--json", "--set", "model.type=mlp",
                              "--set", "model.hidden=[32,16]", "--set",
                              "loss.class_weights=balanced", "--set", "training.epochs=2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<json> events = JsonLines(r.out);
  ASSERT_FALSE(events.empty());
  const json& c = events.front()["config"];
  EXPECT_EQ(c["model"]["hidden"], json::array({32, 16}));
  EXPECT_EQ(c["loss"]["class_weights"], "balanced");

  const CliResult empty = RunCli({"train", "--config", config, "--json", "--set",
                                  "model.type=mlp", "--set", "model.hidden=[]", "--set",
                                  "loss.class_weights=[1,2,0.5]", "--set", "training.epochs=1"});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  const std::vector<json> empty_events = JsonLines(empty.out);
  ASSERT_FALSE(empty_events.empty());
  const json& e = empty_events.front()["config"];
  EXPECT_EQ(e["model"]["hidden"], json::array());
  EXPECT_EQ(e["loss"]["class_weights"], json::array({1.0, 2.0, 0.5}));

  // One message per bad value: the path, the value and what is allowed.
  const CliResult bad = RunCli({"train", "--config", config, "--set", "model.hidden=[32,0]"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--set model.hidden[1]: must be >= 1, got 0"), std::string::npos)
      << bad.err;
  const CliResult word = RunCli({"train", "--config", config, "--set", "model.hidden=[32,x]"});
  EXPECT_EQ(word.exit_code, 2);
  EXPECT_NE(word.err.find("model.hidden: expected whole numbers"), std::string::npos) << word.err;
  const CliResult hint = RunCli({"train", "--config", config, "--set", "regularisation.l1=1"});
  EXPECT_NE(hint.err.find("did you mean \"regularization.l1\""), std::string::npos) << hint.err;
  std::filesystem::remove(config);
}

}  // namespace cli_train_test
}  // namespace optiscope
