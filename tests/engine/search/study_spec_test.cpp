// Study spec parsing: the issue's example parses field by field; errors give file:line:column and
// the JSON path; bindings write trial parameters into configuration fields.
#include "engine/search/study_spec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "engine/search/json_locate.h"
#include "engine/search/objective_function.h"
#include "engine/search/objective_experiment.h"

namespace optiscope {
namespace study_spec_test {

// The issue's spec (space and budget), with a digits MLP objective.
const char* kIssueSpec = R"({
  "name": "digits-mlp",
  "sampler": {"type": "tpe", "seed": 7},
  "pruner": {"type": "median"},
  "n_trials": 100,
  "timeout_s": 600,
  "n_jobs": 2,
  "space": {
    "lr": {"type": "float", "low": 1e-5, "high": 1, "log": true},
    "width": {"type": "int", "low": 8, "high": 512, "log": true},
    "opt": {"type": "categorical", "choices": ["sgd", "adam"]},
    "momentum": {"type": "float", "low": 0, "high": 0.99, "condition": {"opt": "sgd"}}
  },
  "objective": {
    "config": {"data": {"source": "digits"}, "training": {"epochs": 3}},
    "bind": {"lr": "optimizer.lr", "width": "model.hidden[0]", "opt": "optimizer.type",
             "momentum": "optimizer.momentum"},
    "metric": "val_accuracy",
    "direction": "maximize"
  }
})";

TEST(StudySpecTest, ParsesTheIssueExample) {
  auto spec = ParseStudySpec(kIssueSpec, "spec.json");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->name, "digits-mlp");
  EXPECT_EQ(spec->sampler, "tpe");
  EXPECT_EQ(spec->seed, 7u);
  EXPECT_EQ(spec->pruner, "median");
  EXPECT_EQ(spec->n_trials, 100);
  EXPECT_EQ(spec->timeout_s, 600);
  EXPECT_EQ(spec->n_jobs, 2);
  ASSERT_EQ(spec->space.size(), 4);
  const ParamSpec& lr = spec->space.params()[0];
  EXPECT_EQ(lr.kind, ParamKind::kFloat);
  EXPECT_TRUE(lr.log);
  EXPECT_EQ(lr.low, 1e-5);
  EXPECT_EQ(spec->space.params()[1].kind, ParamKind::kInt);
  EXPECT_EQ(spec->space.params()[2].choices, (std::vector<std::string>{"sgd", "adam"}));
  ASSERT_TRUE(spec->space.params()[3].condition.has_value());
  EXPECT_EQ(spec->space.params()[3].condition->parent, "opt");
  EXPECT_EQ(spec->objective_kind, ObjectiveKind::kExperiment);
  EXPECT_EQ(spec->directions, std::vector<Direction>{Direction::kMaximize});
  EXPECT_EQ(spec->experiment.metrics, std::vector<std::string>{"val_accuracy"});
  EXPECT_EQ(spec->experiment.base.training.epochs, 3);
  EXPECT_EQ(spec->experiment.bind.at("width"), "model.hidden[0]");
}

TEST(StudySpecTest, FunctionObjectiveMayOmitTheSpace) {
  auto spec = ParseStudySpec(R"({"n_trials": 5, "objective": {"function": "branin"}})");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->objective_kind, ObjectiveKind::kFunction);
  EXPECT_EQ(spec->space.size(), 2);
  EXPECT_EQ(spec->directions, std::vector<Direction>{Direction::kMinimize});
}

// "sleep_s" on a test function: parsed and range-checked; the objective waits that long, and a
// stop ends the wait at once (Cancelled), without the trial's value.
class StoppedContext final : public TrialContext {
 public:
  bool Report(int, double) override { return false; }
  std::stop_token StopToken() const override { return source.get_token(); }
  int TrialNumber() const override { return 0; }
  std::stop_source source;
};

TEST(StudySpecTest, FunctionObjectiveSleepsAndAStopEndsTheSleep) {
  auto spec = ParseStudySpec(
      R"({"n_trials": 5, "objective": {"function": "branin", "sleep_s": 0.02}})");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_DOUBLE_EQ(spec->function_sleep_s, 0.02);
  auto bad = ParseStudySpec(R"({"objective": {"function": "branin", "sleep_s": -1}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("sleep_s"), std::string::npos) << bad.status().message();

  auto function = MakeTestFunction("branin", 2);
  ASSERT_TRUE(function.ok());
  TrialRequest request;
  for (const ParamSpec& p : function->space.params()) request.params.push_back({p.name, 1.0, ""});
  StoppedContext running;
  FunctionObjective sleeping(*function, 0.02);
  const auto start = std::chrono::steady_clock::now();
  auto value = sleeping.Evaluate(request, running);
  ASSERT_TRUE(value.ok()) << value.status().message();
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(20));
  StoppedContext stopped;
  stopped.source.request_stop();
  FunctionObjective long_sleep(*function, 3600.0);  // a stop must end it, or the test hangs
  auto cancelled = long_sleep.Evaluate(request, stopped);
  ASSERT_FALSE(cancelled.ok());
  EXPECT_EQ(cancelled.status().code(), StatusCode::kCancelled);
}

// A compress objective: default metrics and directions (accuracy up, bytes down), the default
// space, trial parameters mapped to compression settings, and its errors.
TEST(StudySpecTest, CompressObjectiveDefaultsSettingsAndErrors) {
  auto spec = ParseStudySpec(R"({"n_trials": 5, "objective": {"compress": {"model": "m.model"}}})",
                             "<spec>", "/models");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  EXPECT_EQ(spec->objective_kind, ObjectiveKind::kCompress);
  EXPECT_EQ(spec->compress.model_path, "/models/m.model");
  EXPECT_EQ(spec->compress.metrics, (std::vector<std::string>{"accuracy", "bytes"}));
  EXPECT_EQ(spec->directions, (std::vector<Direction>{Direction::kMaximize, Direction::kMinimize}));
  EXPECT_EQ(spec->space.size(), 5);
  EXPECT_NE(spec->text.find("/models/m.model"), std::string::npos);  // stored absolute

  auto settings = CompressSettingsOf({{"bits", 0, "1.58"}, {"per_channel", 0, "false"},
                                      {"sparsity", 0.5, ""}, {"activation_bits", 0, "4"},
                                      {"fine_tune_epochs", 0, ""}},
                                     1e-3);
  ASSERT_TRUE(settings.ok()) << settings.status().message();
  EXPECT_DOUBLE_EQ(settings->bits, 1.58);
  EXPECT_FALSE(settings->per_channel);
  EXPECT_DOUBLE_EQ(settings->sparsity, 0.5);
  EXPECT_EQ(settings->activation_bits, 4);
  EXPECT_FALSE(settings->prune_fine_tune);  // 0 fine-tuning epochs: one-shot pruning
  EXPECT_FALSE(CompressSettingsOf({{"bits", 0, "seven"}}, 1e-3).ok());

  auto bad_param = ParseStudySpec(R"({"n_trials": 5, "space": {"bitz": {"type": "int",
      "low": 1, "high": 8}}, "objective": {"compress": {"model": "m"}}})");
  ASSERT_FALSE(bad_param.ok());
  EXPECT_NE(bad_param.status().message().find("space.bitz: not a compression setting"),
            std::string::npos) << bad_param.status().message();
  EXPECT_NE(bad_param.status().message().find("did you mean \"bits\""), std::string::npos);
  auto bad_metric = ParseStudySpec(
      R"({"n_trials": 5, "objective": {"compress": {"model": "m"}, "metrics": ["acuracy"]}})");
  ASSERT_FALSE(bad_metric.ok());
  EXPECT_NE(bad_metric.status().message().find("did you mean \"accuracy\""), std::string::npos)
      << bad_metric.status().message();
  EXPECT_FALSE(ParseStudySpec(R"({"n_trials": 5, "objective": {"compress": {}}})").ok());
}

struct BadSpec {
  const char* text;
  const char* message;
};

TEST(StudySpecTest, ErrorsGiveLineColumnAndPath) {
  const BadSpec cases[] = {
      {"{\n  \"n_trials\": 5,\n  \"objective\": {\"function\": \"branin\"},\n  \"samplr\": {}\n}",
       "s.json:4:13: samplr: unknown field 'samplr' (did you mean \"sampler\"?)"},
      {"{\"n_trials\": 5, \"space\": {\"x\": {\"type\": \"float\", \"low\": \"a\", \"high\": 1}},\n"
       " \"objective\": {\"command\": [\"echo\", \"{x}\"]}}",
       "s.json:1:57: space.x.low: expected a number, got string \"a\""},
      {"{\"n_trials\": 5, \"space\": {\"x\": {\"low\": 0, \"high\": 1}},\n"
       " \"objective\": {\"command\": [\"echo\", \"{y}\"]}}",
       "s.json:2:36: objective.command[1]: placeholder {y} names no parameter of the space"},
      {"{\"n_trials\": 5,\n \"objective\": {\"function\": \"branin\", \"direction\": \"up\"}}",
       "s.json:2:51: objective.direction: expected \"minimize\" or \"maximize\", got string "
       "\"up\""},
      {"{\"n_trials\": 5, \"space\": {\"lr\": {\"low\": 0.1, \"high\": 1}},\n"
       " \"objective\": {\"config\": {}, \"bind\": {\"lr\": \"optimizer.rate\"}}}",
       "s.json:2:45: objective.bind.lr: 'optimizer.rate': optimizer has no field 'rate'"},
      {"{\"n_trials\": 5,\n \"objective\": {\"function\": \"branin\"}, \"n_jobs\": 0}",
       "s.json:2:49: n_jobs: must be in 1..256"},
      {"{\"n_trials\": 5, \"objective\": {\"function\": \"branin\",}}", "s.json:1:"},
  };
  for (const BadSpec& c : cases) {
    auto spec = ParseStudySpec(c.text, "s.json");
    ASSERT_FALSE(spec.ok()) << c.text;
    EXPECT_EQ(spec.status().message().rfind(c.message, 0), 0u)
        << "got:  " << spec.status().message() << "\nwant: " << c.message;
  }
}

TEST(JsonLocateTest, FindsNestedValues) {
  const std::string text = "{\"a\": {\"b\": [1, {\"c\": \"x\"}]},\n \"d\": 2}";
  EXPECT_EQ(LocateJsonPath(text, {"a", "b", 1, "c"}), "1:23");
  EXPECT_EQ(LocateJsonPath(text, {"d"}), "2:7");
  EXPECT_EQ(LocateJsonPath(text, {"a", "missing"}), "1:7");
  EXPECT_EQ(JsonPathText({"a", "b", 1, "c"}), "a.b[1].c");
}

TEST(BindingsTest, WritesParametersIntoTheirFields) {
  ExperimentConfig base;
  base.model.hidden = {32};
  const std::vector<TrialParam> params = {{"lr", 0.05, ""},
                                          {"layers", 3, ""},
                                          {"width1", 17, ""},
                                          {"opt", 0, "sgd"},
                                          {"regularization.l2", 1e-4, ""},
                                          {"stratify", 0, "false"}};
  const ConfigBindings bind = {{"lr", "optimizer.lr"},
                               {"layers", "model.hidden.size"},
                               {"width1", "model.hidden[1]"},
                               {"opt", "optimizer.type"},
                               {"stratify", "data.stratify"}};
  auto config = ApplyBindings(base, params, bind);
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->optimizer.lr, 0.05);
  EXPECT_EQ(config->optimizer.type, OptimizerType::kSgd);
  EXPECT_EQ(config->model.hidden, (std::vector<int>{32, 17, 32}));
  EXPECT_EQ(config->regularization.l2, 1e-4);
  EXPECT_FALSE(config->data.stratify);

  auto bad = ApplyBindings(base, {{"opt", 0, "rmsprop2"}}, {{"opt", "optimizer.type"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("optimizer.type"), std::string::npos)
      << bad.status().message();
  EXPECT_FALSE(CheckBindingPath("model.hidden[x]").ok());
  EXPECT_FALSE(CheckBindingPath("model").ok());
  EXPECT_TRUE(CheckBindingPath("training.batch_size").ok());
}

// A study may optimise macro F1 (imbalanced classes) or R²: the trial's value is the run's
// validation figure and every epoch reports the metric (so pruners judge it too).
TEST(ExperimentObjectiveTest, F1AndR2AreObjectivesReportedEveryEpoch) {
  for (const char* source : {"digits", "diabetes"}) {
    SCOPED_TRACE(source);
    const bool classification = std::string(source) == "digits";
    ExperimentObjectiveOptions options;
    options.base.data.source = source;
    options.base.model.type = ModelType::kLogistic;
    if (!classification) options.base.model.type = ModelType::kLinear;
    options.base.training.epochs = 6;
    options.base.optimizer.lr = classification ? 0.0005 : 0.05;  // digits: not yet perfect
    options.metrics = {classification ? "val_f1" : "val_r2", "val_metric"};
    ExperimentObjective objective(options);
    class Recording final : public TrialContext {
     public:
      bool Report(int step, double value) override {
        reports.emplace_back(step, value);
        return false;
      }
      std::stop_token StopToken() const override { return {}; }
      int TrialNumber() const override { return 0; }
      std::vector<std::pair<int, double>> reports;
    } context;
    const auto values = objective.Evaluate(TrialRequest{}, context);
    ASSERT_TRUE(values.ok()) << values.status().ToString();
    ASSERT_EQ(values->size(), 2u);
    const double value = (*values)[0];
    EXPECT_TRUE(std::isfinite(value));
    EXPECT_LE(value, 1.0);
    if (classification) {
      EXPECT_GT(value, 0.5);  // a logistic model on digits after 6 epochs
    }
    ASSERT_EQ(context.reports.size(), 6u);
    EXPECT_EQ(context.reports.back().first, 6);
    for (const auto& [step, v] : context.reports) EXPECT_TRUE(std::isfinite(v)) << step;
    // The last epoch's report is the final validation figure (no early stopping here).
    EXPECT_NEAR(context.reports.back().second, value, 1e-9);
    // The metric is not accuracy / RMSE under another name.
    EXPECT_NE(value, (*values)[1]);
  }
  EXPECT_NE(std::find(ExperimentMetricNames().begin(), ExperimentMetricNames().end(), "val_f1"),
            ExperimentMetricNames().end());
}

}  // namespace study_spec_test
}  // namespace optiscope
