// Tests of MakeEstimator / EstimatorParams: names, defaults, parameter errors.
#include <gtest/gtest.h>

#include "engine/models/classic/estimator.h"

namespace optiscope {
namespace estimator_factory_test {

TEST(EstimatorFactoryTest, BuildsEveryNamedModelWithDefaults) {
  Mat X(6, 1);
  X << 0, 1, 2, 10, 11, 12;
  Vec y(6);
  y << 0, 0, 0, 1, 1, 1;
  for (const std::string& name : EstimatorNames()) {
    auto model = MakeEstimator(name);
    ASSERT_TRUE(model.ok()) << name << ": " << model.status().ToString();
    EXPECT_EQ((*model)->Name(), name);
    EXPECT_FALSE(EstimatorParams(name).empty());
    ParamMap params;
    if (name == "knn") params["n_neighbors"] = 3.0;
    auto configured = MakeEstimator(name, params);
    ASSERT_TRUE(configured.ok());
    ASSERT_TRUE((*configured)->Fit(X, y, TaskKind::kClassification, 2).ok()) << name;
    Vec pred;
    (*configured)->Predict(X, &pred);
    EXPECT_EQ(pred, y) << name;
  }
}

TEST(EstimatorFactoryTest, ParametersAreTypedAndChecked) {
  EXPECT_EQ(MakeEstimator("svm").status().code(), StatusCode::kNotFound);
  auto unknown = MakeEstimator("tree", {{"depth", 3.0}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown parameter 'depth'"), std::string::npos);
  EXPECT_NE(unknown.status().message().find("max_depth"), std::string::npos);
  auto range = MakeEstimator("gradient_boosting", {{"subsample", 1.5}});
  ASSERT_FALSE(range.ok());
  EXPECT_NE(range.status().message().find("'subsample'"), std::string::npos);
  EXPECT_FALSE(MakeEstimator("random_forest", {{"n_estimators", 2.5}}).ok());
  EXPECT_FALSE(MakeEstimator("kernel_svm", {{"kernel", std::string("sigmoid")}}).ok());
  EXPECT_FALSE(MakeEstimator("kernel_svm", {{"gamma", -1.0}}).ok());
  EXPECT_TRUE(MakeEstimator("kernel_svm", {{"gamma", std::string("0.25")}}).ok());
  EXPECT_TRUE(MakeEstimator("kernel_svm", {{"gamma", std::string("auto")}}).ok());
  EXPECT_TRUE(MakeEstimator("random_forest", {{"max_features", std::string("log2")},
                                              {"bootstrap", std::string("false")}})
                  .ok());
  EXPECT_TRUE(
      MakeEstimator("tree", {{"max_features", 0.5}, {"criterion", std::string("entropy")}}).ok());
  EXPECT_FALSE(MakeEstimator("tree", {{"max_features", 2.5}}).ok());
  EXPECT_FALSE(MakeEstimator("linear_svm", {{"loss", std::string("log")}}).ok());
}

TEST(EstimatorFactoryTest, DefaultsAreScikitLearns) {
  auto find = [](const std::string& model, const std::string& param) {
    for (const auto& p : EstimatorParams(model)) {
      if (p.name == param) return p.default_value;
    }
    return std::string("missing");
  };
  EXPECT_EQ(find("random_forest", "n_estimators"), "100");
  EXPECT_EQ(find("gradient_boosting", "learning_rate"), "0.1");
  EXPECT_EQ(find("gradient_boosting", "max_depth"), "3");
  EXPECT_EQ(find("knn", "n_neighbors"), "5");
  EXPECT_EQ(find("kernel_svm", "gamma"), "scale");
  EXPECT_EQ(find("linear_svm", "loss"), "squared_hinge");
}

}  // namespace estimator_factory_test
}  // namespace optiscope
