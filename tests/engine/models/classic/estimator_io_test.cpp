// Tests of SaveEstimator/LoadEstimator: exact round trips for every model, clear errors.
#include "engine/models/classic/estimator_io.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/rng.h"

namespace optiscope {
namespace estimator_io_test {

void Data(int n, Mat* X, Vec* y_class, Vec* y_value) {
  Rng rng(11);
  X->resize(n, 3);
  y_class->resize(n);
  y_value->resize(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < 3; ++j) (*X)(i, j) = static_cast<float>(rng.Normal());
    (*y_class)[i] = (*X)(i, 0) > 0.5f ? 2.0f : ((*X)(i, 1) > 0 ? 1.0f : 0.0f);
    (*y_value)[i] = (*X)(i, 0) * 2 - (*X)(i, 2);
  }
}

TEST(EstimatorIoTest, EveryModelRoundTripsExactly) {
  Mat X;
  Vec yc, yv;
  Data(120, &X, &yc, &yv);
  const Vec binary = (yc.array() > 0.5f).cast<Scalar>();
  for (const std::string& name : EstimatorNames()) {
    for (int classes : {3, 2, 0}) {
      const bool svm = name.find("svm") != std::string::npos;
      if (classes == 0 && svm) continue;
      SCOPED_TRACE(name + " classes " + std::to_string(classes));
      ParamMap params;
      if (name == "random_forest" || name == "gradient_boosting") params["n_estimators"] = 10.0;
      auto model = MakeEstimator(name, params);
      ASSERT_TRUE(model.ok());
      const TaskKind task = classes == 0 ? TaskKind::kRegression : TaskKind::kClassification;
      const Vec& y = classes == 0 ? yv : (classes == 2 ? binary : yc);
      ASSERT_TRUE((*model)->Fit(X, y, task, classes).ok());
      const std::string text = SaveEstimator(**model);
      auto loaded = LoadEstimator(text);
      ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
      EXPECT_EQ((*loaded)->Name(), name);
      Vec a, b;
      (*model)->Predict(X, &a);
      (*loaded)->Predict(X, &b);
      EXPECT_EQ(a, b);
      if (classes > 0) {
        Mat pa, pb;
        (*model)->PredictProba(X, &pa);
        (*loaded)->PredictProba(X, &pb);
        EXPECT_EQ(pa, pb);
      }
      EXPECT_EQ(SaveEstimator(**loaded), text);
    }
  }
}

TEST(EstimatorIoTest, DamagedFilesGiveErrorsNotCrashes) {
  EXPECT_EQ(LoadEstimator("{not json").status().code(), StatusCode::kParseError);
  EXPECT_EQ(LoadEstimator(R"({"format":"other","version":1})").status().code(),
            StatusCode::kParseError);
  EXPECT_EQ(
      LoadEstimator(R"({"format":"optiscope-classic-model","version":1,"model":"nope","state":{}})")
          .status()
          .code(),
      StatusCode::kNotFound);
  EXPECT_EQ(
      LoadEstimator(R"({"format":"optiscope-classic-model","version":1,"model":"tree","state":{}})")
          .status()
          .code(),
      StatusCode::kParseError);
  // A tree whose root points at itself would loop forever in Apply.
  const std::string cyclic = R"({"format":"optiscope-classic-model","version":1,"model":"tree",
    "state":{"task":"regression","num_classes":0,"num_features":1,"importances":[1.0],
    "tree":{"outputs":1,"nodes":[[0,0.5,0,0]],"values":[1.0]}}})";
  EXPECT_EQ(LoadEstimator(cyclic).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace estimator_io_test
}  // namespace optiscope
