// ValidateExperimentConfig: one case per rule, each asserting the exact message (field path first).
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "engine/config/config_json.h"
#include "engine/config/config_names.h"
#include "engine/config/config_schema.h"

namespace optiscope {
namespace config_validate_test {

struct Case {
  std::function<void(ExperimentConfig&)> change;
  std::string message;
};

TEST(ConfigValidateTest, DefaultsAndDemoAreValid) {
  const ExperimentConfig defaults;
  EXPECT_TRUE(ValidateExperimentConfig(defaults).ok());
  EXPECT_TRUE(ValidateExperimentConfig(DemoConfig()).ok());
}

TEST(ConfigValidateTest, EveryOptimizerScheduleAndModelNameWithItsDefaultsIsValid) {
  for (const OptimizerType type : EnumValues<OptimizerType>()) {
    ExperimentConfig c;
    c.optimizer = DefaultOptimizerConfig(type);
    const Status s = ValidateExperimentConfig(c);
    EXPECT_TRUE(s.ok()) << EnumName(type) << ": " << s.message();
  }
  for (const ScheduleType type : EnumValues<ScheduleType>()) {
    ExperimentConfig c;
    c.schedule.type = type;
    EXPECT_TRUE(ValidateExperimentConfig(c).ok()) << EnumName(type);
  }
  for (const ModelType type : EnumValues<ModelType>()) {
    ExperimentConfig c;
    c.model.type = type;
    EXPECT_TRUE(ValidateExperimentConfig(c).ok()) << EnumName(type);
  }
}

TEST(ConfigValidateTest, RejectsOutOfRangeValuesNamingTheField) {
  const std::vector<Case> cases = {
      {[](auto& c) { c.version = 3; },
       "version: unsupported schema version 3 (this build reads version 1)"},
      {[](auto& c) { c.data.source = ""; },
       "data.source: must name a built-in dataset, a CSV file or \"synthetic\""},
      {[](auto& c) { c.data.synthetic.n = 0; }, "data.synthetic.n: must be >= 1, got 0"},
      {[](auto& c) { c.data.synthetic.noise = -0.5; },
       "data.synthetic.noise: must be >= 0, got -0.5"},
      {[](auto& c) { c.data.synthetic.classes = 1; },
       "data.synthetic.classes: must be >= 2, got 1"},
      {[](auto& c) { c.data.validation_fraction = 1.0; },
       "data.validation_fraction: must be in [0, 1), got 1"},
      {[](auto& c) { c.data.test_fraction = -0.1; },
       "data.test_fraction: must be in [0, 1), got -0.1"},
      {[](auto& c) {
         c.data.validation_fraction = 0.5;
         c.data.test_fraction = 0.5;
       },
       "data.test_fraction: validation_fraction + test_fraction must be < 1 to leave training "
       "rows, got 0.5 + 0.5"},
      {[](auto& c) {
         c.model.hidden = {64, -2};
       },
       "model.hidden[1]: must be >= 1, got -2"},
      {[](auto& c) { c.model.dropout = 1.0; }, "model.dropout: must be in [0, 1), got 1"},
      {[](auto& c) {
         c.loss.type = LossType::kCustom;
         c.loss.expression = "abs(p - y";
       },
       "loss.expression: expected ')' at column 10 ('abs' takes 1 argument) in: abs(p - y"},
      {[](auto& c) { c.loss.huber_delta = -1; }, "loss.huber_delta: must be > 0, got -1"},
      {[](auto& c) { c.model.negative_slope = -0.1; },
       "model.negative_slope: must be >= 0, got -0.1"},
      {[](auto& c) { c.schedule.max_momentum = 1.0; },
       "schedule.max_momentum: must be in [0, 1), got 1"},
      {[](auto& c) { c.regularization.l2 = -1e-3; }, "regularization.l2: must be >= 0, got -0.001"},
      {[](auto& c) { c.regularization.early_stopping_patience = -1; },
       "regularization.early_stopping_patience: must be >= 0, got -1"},
      {[](auto& c) { c.optimizer.lr = 0; }, "optimizer.lr: must be > 0, got 0"},
      {[](auto& c) { c.optimizer.lr = std::numeric_limits<double>::infinity(); },
       "optimizer.lr: must be a finite number"},
      {[](auto& c) { c.optimizer.beta2 = 1.0; }, "optimizer.beta2: must be in [0, 1), got 1"},
      {[](auto& c) { c.optimizer.eps = -1e-8; }, "optimizer.eps: must be >= 0, got -1e-08"},
      {[](auto& c) { c.optimizer.history_size = 0; },
       "optimizer.history_size: must be >= 1, got 0"},
      {[](auto& c) {
         c.optimizer = DefaultOptimizerConfig(OptimizerType::kNesterov);
         c.optimizer.momentum = 0;
       },
       "optimizer.nesterov: Nesterov momentum requires momentum > 0 and dampening 0, got "
       "momentum 0 and dampening 0"},
      {[](auto& c) { c.schedule.step_size = 0; }, "schedule.step_size: must be >= 1, got 0"},
      {[](auto& c) { c.schedule.gamma = 0; }, "schedule.gamma: must be > 0, got 0"},
      {[](auto& c) { c.schedule.start_factor = 0; },
       "schedule.start_factor: must be in (0, 1], got 0"},
      {[](auto& c) { c.schedule.pct_start = 1; }, "schedule.pct_start: must be in (0, 1), got 1"},
      {[](auto& c) { c.schedule.factor = 1.5; }, "schedule.factor: must be in (0, 1), got 1.5"},
      {[](auto& c) { c.training.epochs = 0; }, "training.epochs: must be >= 1, got 0"},
      {[](auto& c) { c.training.batch_size = -4; },
       "training.batch_size: must be >= 0 (0 = full batch), got -4"},
  };
  for (const Case& test : cases) {
    ExperimentConfig c;
    test.change(c);
    const Status s = ValidateExperimentConfig(c);
    EXPECT_FALSE(s.ok()) << test.message;
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message(), test.message);
  }
}

// An unknown name for an enumerated field cannot reach a configuration any more: the JSON reader
// and --set (SetConfigFieldText) reject it with the message validation used to give.
TEST(ConfigValidateTest, RejectsUnknownChoiceNamesNamingTheFieldAndTheChoices) {
  struct ChoiceCase {
    std::string path;
    std::string value;
    std::string message;
  };
  const std::vector<ChoiceCase> cases = {
      {"data.synthetic.kind", "moon",
       "data.synthetic.kind: \"moon\" is not one of moons, circles, spirals, blobs, xor, linear "
       "(did you mean \"moons\"?)"},
      {"data.task", "ranking",
       "data.task: \"ranking\" is not one of auto, classification, regression"},
      {"data.missing", "zero",
       "data.missing: \"zero\" is not one of mean, median, most_frequent, drop"},
      {"data.scaling", "minmx",
       "data.scaling: \"minmx\" is not one of none, standardize, minmax (did you mean "
       "\"minmax\"?)"},
      {"model.type", "svm",
       "model.type: \"svm\" is not one of linear, logistic, mlp, linear_svm, kernel_svm, tree, "
       "random_forest, gradient_boosting, knn"},
      {"model.activation", "Relu",
       "model.activation: \"Relu\" is not one of relu, tanh, sigmoid, leaky_relu, gelu (did you "
       "mean \"relu\"?)"},
      {"loss.type", "hinge2",
       "loss.type: \"hinge2\" is not one of auto, mse, mae, huber, log_cosh, bce, cross_entropy, "
       "hinge, focal, custom (did you mean \"hinge\"?)"},
      {"regularization.early_stopping_monitor", "val_acc",
       "regularization.early_stopping_monitor: \"val_acc\" is not one of val_loss, val_metric"},
      {"schedule.type", "cosine_annealing",
       "schedule.type: \"cosine_annealing\" is not one of constant, step, exponential, cosine, "
       "warmup, one_cycle, plateau"},
  };
  for (const ChoiceCase& test : cases) {
    ExperimentConfig c;
    const Status set = SetConfigFieldText(&c, test.path, test.value);
    EXPECT_EQ(set.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(set.message(), test.message);
    EXPECT_EQ(c, ExperimentConfig()) << test.path << " changed";
    // The same value in a file: {"data": {"synthetic": {"kind": "moon"}}}.
    std::string json = "\"" + test.value + "\"";
    std::string path = test.path;
    for (size_t dot = path.rfind('.');; dot = path.rfind('.')) {
      json = "{\"" + path.substr(dot == std::string::npos ? 0 : dot + 1) + "\": " + json + "}";
      if (dot == std::string::npos) break;
      path.resize(dot);
    }
    const Result<ExperimentConfig> parsed = ParseExperimentConfig(json, "cfg.json");
    ASSERT_FALSE(parsed.ok()) << json;
    EXPECT_EQ(parsed.status().message(), "cfg.json: " + test.message) << json;
  }
}

}  // namespace config_validate_test
}  // namespace optiscope
