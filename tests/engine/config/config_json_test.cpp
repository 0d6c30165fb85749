// ExperimentConfig <-> JSON: round trips over every field, defaults, per-optimizer PyTorch
// defaults, exact error messages (field paths, line:column of syntax errors), atomic load/save.
#include "engine/config/config_json.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace optiscope {
namespace config_json_test {

namespace fs = std::filesystem;

// Every field differs from ExperimentConfig{} (checked by EveryFieldDiffersFromDefault).
ExperimentConfig AllNonDefault() {
  ExperimentConfig c;
  c.name = "every field";
  c.data.source = "synthetic";
  c.data.synthetic = {.kind = SyntheticKind::kSpirals,
                      .n = 321,
                      .noise = 0.25,
                      .seed = 99,
                      .classes = 4,
                      .features = 3};
  c.data.target = "label";
  c.data.drop_columns = "id, name";
  c.data.task = TaskChoice::kClassification;
  c.data.missing = MissingPolicy::kMedian;
  c.data.scaling = Scaling::kMinMax;
  c.data.validation_fraction = 0.15;
  c.data.test_fraction = 0.25;
  c.data.stratify = false;
  c.data.split_seed = 18446744073709551615ull;  // the largest seed survives the trip
  c.model = {.type = ModelType::kLogistic,
             .hidden = {7, 5, 3},
             .activation = Activation::kTanh,
             .dropout = 0.125,
             .params = {},
             .negative_slope = 0.2};
  c.loss = {.type = LossType::kCrossEntropy,
            .huber_delta = 0.5,
            .focal_gamma = 1.5,
            .focal_alpha = 0.25,
            .label_smoothing = 0.1,
            .class_weights = {.balanced = false, .values = {1.0, 2.5, 0.5, 1.0}},
            .expression = "abs(p - y)^1.5"};
  c.regularization = {.l2 = 1e-4,
                      .l1 = 2e-5,
                      .clip_grad_norm = 5.0,
                      .clip_grad_value = 0.5,
                      .early_stopping_patience = 3,
                      .early_stopping_min_delta = 1e-3,
                      .early_stopping_monitor = EarlyStoppingMonitor::kValMetric};
  c.optimizer = {.type = OptimizerType::kRmsprop,
                 .lr = 0.0123,
                 .momentum = 0.5,
                 .dampening = 0.1,
                 .nesterov = true,
                 .beta1 = 0.8,
                 .beta2 = 0.99,
                 .eps = 1e-7,
                 .weight_decay = 0.01,
                 .amsgrad = true,
                 .alpha = 0.9,
                 .centered = true,
                 .lr_decay = 0.01,
                 .initial_accumulator = 0.1,
                 .momentum_decay = 5e-3,
                 .hypergrad_beta = 1e-4,
                 .history_size = 7};
  c.schedule = {.type = ScheduleType::kOneCycle,
                .step_size = 3,
                .gamma = 0.5,
                .eta_min = 1e-5,
                .t_max = 12,
                .warmup_epochs = 2,
                .start_factor = 0.1,
                .max_lr = 0.1,
                .pct_start = 0.25,
                .div_factor = 10.0,
                .final_div_factor = 100.0,
                .cycle_momentum = false,
                .base_momentum = 0.8,
                .max_momentum = 0.9,
                .factor = 0.5,
                .patience = 4,
                .threshold = 1e-3};
  c.training = {.epochs = 7, .batch_size = 64, .seed = 123456789012345ull};
  c.training.projection_every = 3;
  c.features.seed = 5;
  c.features.extract = {.method = ExtractMethod::kPolynomial,
                        .degree = 3,
                        .interaction_only = true,
                        .bins = 4,
                        .strategy = BinStrategy::kUniform};
  c.features.select = {.method = SelectMethod::kKBest,
                       .score = SelectScore::kChi2,
                       .k = 7,
                       .threshold = 0.5,
                       .estimator = RfeEstimator::kTree,
                       .alpha = 0.2};
  c.features.pca = {.method = ReduceMethod::kKpca,
                    .n_components = 3,
                    .solver = PcaSolver::kRandomized,
                    .whiten = true,
                    .kernel = PcaKernel::kPoly,
                    .gamma = 0.25,
                    .degree = 2,
                    .coef0 = 0.5,
                    .landmarks = 200};
  return c;
}

// All leaf paths of a JSON document with their values ("optimizer.lr" -> 0.001).
void Leaves(const nlohmann::json& j, const std::string& path,
            std::map<std::string, nlohmann::json>* out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      Leaves(value, path.empty() ? key : path + "." + key, out);
    }
  } else {
    (*out)[path] = j;
  }
}

std::map<std::string, nlohmann::json> LeavesOf(const ExperimentConfig& c) {
  std::map<std::string, nlohmann::json> leaves;
  Leaves(nlohmann::json::parse(WriteExperimentConfig(c)), "", &leaves);
  return leaves;
}

std::string ErrorOf(const std::string& json) {
  Result<ExperimentConfig> r = ParseExperimentConfig(json, "cfg.json");
  EXPECT_FALSE(r.ok()) << json;
  return r.ok() ? std::string("(parsed)") : r.status().message();
}

TEST(ConfigJsonTest, EveryFieldDiffersFromDefault) {
  const ExperimentConfig default_config;
  const auto defaults = LeavesOf(default_config);
  const auto changed = LeavesOf(AllNonDefault());
  ASSERT_EQ(defaults.size(), changed.size());
  for (const auto& [path, value] : defaults) {
    if (path == "version") continue;
    EXPECT_NE(value, changed.at(path)) << path << " keeps its default in AllNonDefault()";
  }
}

TEST(ConfigJsonTest, RoundTripsDefaultDemoAndEveryField) {
  const std::vector<ExperimentConfig> configs = {ExperimentConfig(), DemoConfig(), AllNonDefault()};
  for (const ExperimentConfig& c : configs) {
    const std::string text = WriteExperimentConfig(c);
    Result<ExperimentConfig> parsed = ParseExperimentConfig(text);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(*parsed, c) << text;
    EXPECT_EQ(WriteExperimentConfig(*parsed), text);
  }
}

TEST(ConfigJsonTest, WritesStableOrderWithTwoSpaceIndent) {
  const std::string text = WriteExperimentConfig(DemoConfig());
  EXPECT_EQ(text.rfind("{\n  \"version\": 1,\n  \"name\": \"digits-mlp-demo\",\n  \"data\": {\n"
                       "    \"source\": \"digits\",\n",
                       0),
            0u)
      << text;
  std::vector<size_t> positions;
  for (const char* key : {"\"data\"", "\"model\"", "\"loss\"", "\"regularization\"",
                          "\"optimizer\"", "\"schedule\"", "\"training\""}) {
    positions.push_back(text.find(key));
    ASSERT_NE(positions.back(), std::string::npos) << key;
  }
  EXPECT_TRUE(std::is_sorted(positions.begin(), positions.end()));
  EXPECT_NE(text.find("    \"hidden\": [\n      128,\n      64\n    ],"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

TEST(ConfigJsonTest, MissingFieldsKeepDefaults) {
  Result<ExperimentConfig> empty = ParseExperimentConfig("{}");
  ASSERT_TRUE(empty.ok());
  const ExperimentConfig defaults;
  EXPECT_EQ(*empty, defaults);

  Result<ExperimentConfig> some =
      ParseExperimentConfig(R"({"training": {"epochs": 5}, "data": {"source": "iris"}})");
  ASSERT_TRUE(some.ok()) << some.status().message();
  ExperimentConfig expected;
  expected.training.epochs = 5;
  expected.data.source = "iris";
  EXPECT_EQ(*some, expected);
}

TEST(ConfigJsonTest, OptimizerTypeSelectsPyTorchDefaults) {
  Result<ExperimentConfig> sgd = ParseExperimentConfig(R"({"optimizer": {"type": "sgd"}})");
  ASSERT_TRUE(sgd.ok());
  EXPECT_EQ(sgd->optimizer.lr, 1e-2);

  // "type" is applied first wherever it appears, then the other fields override its defaults.
  Result<ExperimentConfig> adamw =
      ParseExperimentConfig(R"({"optimizer": {"lr": 0.05, "type": "adamw"}})");
  ASSERT_TRUE(adamw.ok());
  EXPECT_EQ(adamw->optimizer.lr, 0.05);
  EXPECT_EQ(adamw->optimizer.weight_decay, 1e-2);

  Result<ExperimentConfig> adagrad = ParseExperimentConfig(R"({"optimizer": {"type": "adagrad"}})");
  ASSERT_TRUE(adagrad.ok());
  EXPECT_EQ(adagrad->optimizer, DefaultOptimizerConfig(OptimizerType::kAdagrad));
  EXPECT_EQ(adagrad->optimizer.eps, 1e-10);

  Result<ExperimentConfig> nesterov =
      ParseExperimentConfig(R"({"optimizer": {"type": "nesterov", "momentum": 0.8}})");
  ASSERT_TRUE(nesterov.ok());
  EXPECT_TRUE(nesterov->optimizer.nesterov);
  EXPECT_EQ(nesterov->optimizer.momentum, 0.8);
  EXPECT_EQ(nesterov->optimizer.lr, 1e-2);
}

TEST(ConfigJsonTest, AcceptsIntegralFloatsForIntegers) {
  Result<ExperimentConfig> c = ParseExperimentConfig(R"({"training": {"epochs": 1e1}})");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->training.epochs, 10);
}

TEST(ConfigJsonTest, UnknownFieldsNameTheirPath) {
  EXPECT_EQ(ErrorOf(R"({"optimizer": {"lrr": 0.1}})"),
            "cfg.json: optimizer.lrr: unknown field (did you mean \"lr\"?)");
  EXPECT_EQ(ErrorOf(R"({"modle": {}})"),
            "cfg.json: modle: unknown field (did you mean \"model\"?)");
  EXPECT_EQ(ErrorOf(R"({"data": {"synthetic": {"nn": 3}}})"),
            "cfg.json: data.synthetic.nn: unknown field (did you mean \"n\"?)");
  EXPECT_EQ(ErrorOf(R"({"training": {"epochs": 3, "colour": "red"}})"),
            "cfg.json: training.colour: unknown field");
}

TEST(ConfigJsonTest, WrongTypesNameThePathAndExpectedType) {
  EXPECT_EQ(ErrorOf(R"({"training": {"epochs": "ten"}})"),
            "cfg.json: training.epochs: expected an integer, got string \"ten\"");
  EXPECT_EQ(ErrorOf(R"({"training": {"epochs": 2.5}})"),
            "cfg.json: training.epochs: expected an integer, got number 2.5");
  EXPECT_EQ(ErrorOf(R"({"training": {"seed": -1}})"),
            "cfg.json: training.seed: expected a non-negative integer, got number -1");
  EXPECT_EQ(ErrorOf(R"({"training": {"epochs": 3000000000}})"),
            "cfg.json: training.epochs: 3000000000 is out of range");
  EXPECT_EQ(ErrorOf(R"({"optimizer": {"lr": "fast"}})"),
            "cfg.json: optimizer.lr: expected a number, got string \"fast\"");
  EXPECT_EQ(ErrorOf(R"({"optimizer": {"type": 3}})"),
            "cfg.json: optimizer.type: expected a string, got number 3");
  EXPECT_EQ(ErrorOf(R"({"data": {"stratify": "yes"}})"),
            "cfg.json: data.stratify: expected true or false, got string \"yes\"");
  EXPECT_EQ(ErrorOf(R"({"model": {"hidden": 128}})"),
            "cfg.json: model.hidden: expected an array of integers, got number 128");
  EXPECT_EQ(ErrorOf(R"({"model": {"hidden": [128, "x"]}})"),
            "cfg.json: model.hidden[1]: expected an integer, got string \"x\"");
  EXPECT_EQ(ErrorOf(R"({"data": 3})"), "cfg.json: data: expected an object, got number 3");
  EXPECT_EQ(ErrorOf(R"([1, 2])"),
            "cfg.json: the configuration: expected an object, got array [1,2]");
  EXPECT_EQ(ErrorOf(R"({"name": null})"), "cfg.json: name: expected a string, got null null");
}

TEST(ConfigJsonTest, InvalidValuesAreReportedByValidation) {
  EXPECT_EQ(ErrorOf(R"({"optimizer": {"lr": -1}})"), "cfg.json: optimizer.lr: must be > 0, got -1");
  EXPECT_EQ(ErrorOf(R"({"optimizer": {"type": "adamm"}})"),
            "cfg.json: optimizer.type: \"adamm\" is not one of gd, sgd, momentum, nesterov, "
            "adagrad, rmsprop, adam, amsgrad, adamw, nadam, lbfgs, sgd_hd, adam_hd (did you mean "
            "\"adam\"?)");
  EXPECT_EQ(ErrorOf(R"({"model": {"hidden": [128, 0]}})"),
            "cfg.json: model.hidden[1]: must be >= 1, got 0");
  EXPECT_EQ(ErrorOf(R"({"version": 2})"),
            "cfg.json: version: unsupported schema version 2 (this build reads version 1)");
}

TEST(ConfigJsonTest, SyntaxErrorsGiveLineAndColumn) {
  Result<ExperimentConfig> r =
      ParseExperimentConfig("{\n  \"model\": {\n    \"type\": mlp\n  }\n}\n", "cfg.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
  EXPECT_EQ(r.status().message(),
            "cfg.json:3:13: syntax error while parsing value - invalid literal; last read: "
            "'\"type\": m'");

  EXPECT_EQ(ErrorOf("{\"a\": 1,}"),
            "cfg.json:1:9: syntax error while parsing object key - unexpected '}'; expected "
            "string literal");
  EXPECT_EQ(ErrorOf("{\n\"training\": {\"epochs\": 3}\n"),
            "cfg.json:3:1: syntax error while parsing object - unexpected end of input; expected "
            "'}'");
  EXPECT_EQ(ErrorOf(""),
            "cfg.json:1:1: syntax error while parsing value - unexpected end of input; expected "
            "'[', '{', or a literal");
  // Columns count characters: "é" is two bytes but one column.
  EXPECT_EQ(ErrorOf("{\"name\": \"\xC3\xA9\" x}"),
            "cfg.json:1:14: syntax error while parsing object - invalid literal; last read: "
            "'\"\xC3\xA9\" x'; expected '}'")
      << "the column counts UTF-8 characters, not bytes (15)";
}

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::path(::testing::TempDir()) / "config_json_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ConfigFileTest, SaveThenLoadRoundTripsAndLeavesNoTemporaryFile) {
  const std::string path = (dir_ / "run.json").string();
  ASSERT_TRUE(SaveExperimentConfig(AllNonDefault(), path).ok());
  ASSERT_TRUE(SaveExperimentConfig(DemoConfig(), path).ok());  // replaces the first one
  Result<ExperimentConfig> loaded = LoadExperimentConfig(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(*loaded, DemoConfig());
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 1);
}

TEST_F(ConfigFileTest, LoadReportsMissingFileAndErrorsWithThePath) {
  const std::string missing = (dir_ / "nope.json").string();
  Result<ExperimentConfig> r = LoadExperimentConfig(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().message(), "cannot open " + missing + ": No such file or directory");

  const std::string bad = (dir_ / "bad.json").string();
  std::ofstream(bad) << "{\"training\": {\"epochs\": 0}}";
  r = LoadExperimentConfig(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), bad + ": training.epochs: must be >= 1, got 0");
}

TEST_F(ConfigFileTest, SaveIntoMissingDirectoryFails) {
  const std::string path = (dir_ / "no_such_dir" / "run.json").string();
  Status s = SaveExperimentConfig(DemoConfig(), path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.message(), "cannot write " + path + ": No such file or directory");
}

// docs/config.md documents every field that the JSON form contains.
TEST(ConfigJsonTest, SchemaDocumentationCoversEveryField) {
  std::ifstream in(std::string(OPTISCOPE_SOURCE_DIR) + "/docs/config.md");
  ASSERT_TRUE(in) << "docs/config.md is missing";
  std::stringstream doc;
  doc << in.rdbuf();
  const ExperimentConfig defaults;
  for (const auto& [path, value] : LeavesOf(defaults)) {
    EXPECT_NE(doc.str().find("`" + path + "`"), std::string::npos)
        << "docs/config.md does not document `" << path << "`";
  }
}

}  // namespace config_json_test
}  // namespace optiscope
