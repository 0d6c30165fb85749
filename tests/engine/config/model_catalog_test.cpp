// The model catalog: it agrees with the estimator factory (same names, defaults build), drives
// model.params validation with field paths and did-you-mean, and round-trips through JSON.
#include "engine/config/model_catalog.h"

#include <gtest/gtest.h>

#include <set>

#include "engine/config/config_json.h"
#include "engine/config/config_names.h"
#include "engine/models/classic/estimator.h"

namespace optiscope {
namespace model_catalog_test {

TEST(ModelCatalogTest, ListsEveryConfigModelTypeInOrder) {
  std::vector<std::string> names;
  for (const ModelSpec& spec : ModelCatalog()) names.push_back(spec.name);
  EXPECT_EQ(names, ModelTypeNames());
  EXPECT_EQ(names.size(), 9u);
  for (const std::string& name : EstimatorNames()) {
    ASSERT_NE(FindModelSpec(name), nullptr) << name;
    EXPECT_TRUE(IsClassicModel(FindModelSpec(name)->type)) << name;
  }
  EXPECT_FALSE(IsClassicModel(ModelType::kMlp));
  EXPECT_EQ(FindModelSpec("nope"), nullptr);
  for (const ModelType type : EnumValues<ModelType>()) {
    EXPECT_EQ(GetModelSpec(type).type, type);
    EXPECT_EQ(GetModelSpec(type).name, EnumName(type));
  }
}

TEST(ModelCatalogTest, ClassicParamsMatchTheEstimatorFactoryAndDefaultsBuild) {
  for (const std::string& name : EstimatorNames()) {
    SCOPED_TRACE(name);
    std::set<std::string> factory, catalog;
    for (const EstimatorParamInfo& p : EstimatorParams(name)) factory.insert(p.name);
    ParamMap defaults;
    for (const ModelParamSpec& p : FindModelSpec(name)->params) {
      catalog.insert(p.name);
      defaults[p.name] = p.default_value;
      EXPECT_TRUE(ValidateParamValue(p, p.default_value, p.name).ok()) << p.name;
      EXPECT_FALSE(p.help.empty()) << p.name;
    }
    EXPECT_EQ(factory, catalog);
    auto made = MakeEstimator(name, defaults);
    EXPECT_TRUE(made.ok()) << made.status().ToString();
  }
}

TEST(ModelCatalogTest, ValidationNamesTheFieldPathAndSuggests) {
  ModelConfig m;
  m.type = ModelType::kRandomForest;
  m.params["n_estimatrs"] = 10.0;
  Status s = ValidateModelParams(m);
  EXPECT_NE(s.message().find("model.params.n_estimatrs"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("did you mean \"n_estimators\""), std::string::npos) << s.message();

  m.params = {{"n_estimators", 2.5}};
  s = ValidateModelParams(m);
  EXPECT_EQ(s.message(), "model.params.n_estimators: must be a whole number in [1, 1000000], got 2.5");
  m.params = {{"max_features", std::string("sqr")}};
  s = ValidateModelParams(m);
  EXPECT_NE(s.message().find("did you mean \"sqrt\""), std::string::npos) << s.message();
  m.params = {{"max_features", 0.5}, {"bootstrap", 0.0}, {"criterion", std::string("entropy")}};
  EXPECT_TRUE(ValidateModelParams(m).ok());
  m.type = ModelType::kMlp;
  m.params = {{"dropout", 0.1}};
  EXPECT_NE(ValidateModelParams(m).message().find("model.dropout"), std::string::npos);
}

TEST(ModelCatalogTest, SetAndGetUseFieldsAliasesAndDefaults) {
  ModelConfig m;
  m.type = ModelType::kRandomForest;
  EXPECT_EQ(std::get<double>(*GetModelParam(m, "n_estimators")), 100.0);
  ASSERT_TRUE(SetModelParam(&m, "n_trees", 200.0).ok());
  EXPECT_EQ(std::get<double>(m.params.at("n_estimators")), 200.0);
  EXPECT_EQ(SetModelParam(&m, "max_depht", 3.0).code(), StatusCode::kNotFound);
  EXPECT_EQ(SetModelParam(&m, "max_depth", -1.0).code(), StatusCode::kInvalidArgument);
  m.type = ModelType::kMlp;
  ASSERT_TRUE(SetModelParam(&m, "hidden", std::string("32,16")).ok());
  ASSERT_TRUE(SetModelParam(&m, "activation", std::string("tanh")).ok());
  EXPECT_EQ(m.hidden, (std::vector<int>{32, 16}));
  EXPECT_EQ(m.activation, Activation::kTanh);
  EXPECT_EQ(std::get<std::string>(*GetModelParam(m, "hidden")), "32,16");
}

TEST(ModelCatalogTest, ParamsRoundTripThroughConfigJson) {
  ExperimentConfig c;
  c.model.type = ModelType::kRandomForest;
  c.model.params = {{"n_estimators", 200.0},
                    {"max_features", std::string("sqrt")},
                    {"bootstrap", 0.0},
                    {"seed", 7.0}};
  const std::string text = WriteExperimentConfig(c);
  EXPECT_NE(text.find("\"bootstrap\": false"), std::string::npos) << text;
  EXPECT_NE(text.find("\"n_estimators\": 200"), std::string::npos) << text;
  auto parsed = ParseExperimentConfig(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, c);
  // Aliases are stored under the canonical name; bad values name the path.
  auto alias = ParseExperimentConfig(
      R"({"model": {"type": "random_forest", "params": {"n_trees": 50}}})");
  ASSERT_TRUE(alias.ok()) << alias.status().ToString();
  EXPECT_EQ(std::get<double>(alias->model.params.at("n_estimators")), 50.0);
  auto bad = ParseExperimentConfig(R"({"model": {"type": "knn", "params": {"n_neighbours": 3}}})",
                                   "cfg.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("cfg.json: model.params.n_neighbours"),
            std::string::npos)
      << bad.status().message();
  EXPECT_NE(bad.status().message().find("did you mean \"n_neighbors\""), std::string::npos);
  auto wrong = ParseExperimentConfig(R"({"model": {"type": "knn", "params": {"weights": [1]}}})");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("model.params.weights"), std::string::npos);
  // An exported run's result block is ignored on reading.
  EXPECT_TRUE(ParseExperimentConfig(R"({"result": {"status": "ok"}})").ok());
}

TEST(ModelCatalogTest, ParseParamTextFollowsTheKind) {
  const ModelParamSpec* gamma = FindParamSpec(ModelType::kKernelSvm, "gamma");
  ASSERT_NE(gamma, nullptr);
  EXPECT_EQ(std::get<double>(*ParseParamText(*gamma, "0.5")), 0.5);
  EXPECT_EQ(std::get<std::string>(*ParseParamText(*gamma, "scale")), "scale");
  const ModelParamSpec* bootstrap = FindParamSpec(ModelType::kRandomForest, "bootstrap");
  EXPECT_EQ(std::get<double>(*ParseParamText(*bootstrap, "false")), 0.0);
  EXPECT_FALSE(ParseParamText(*bootstrap, "maybe").ok());
  EXPECT_FALSE(ParseParamText(*FindParamSpec(ModelType::kKnn, "n_neighbors"), "five").ok());
  EXPECT_EQ(DescribeParamRange(*gamma), "scale | auto or (0, inf)");
}

}  // namespace model_catalog_test
}  // namespace optiscope
