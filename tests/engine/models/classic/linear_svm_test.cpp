// Tests of LinearSvm against closed-form solutions of tiny problems.
#include "engine/models/classic/linear_svm.h"

#include <gtest/gtest.h>

#include "engine/core/rng.h"

namespace optiscope {
namespace linear_svm_test {

// x = +1 (class 1) and x = -1 (class 0), no intercept: the primal
// 1/2 w^2 + C sum loss(y w x) has w = 4C / (1 + 4C) for squared hinge, min(2C, 1) for hinge.
TEST(LinearSvmTest, MatchesClosedFormOnTwoPoints) {
  Mat X(2, 1);
  X << 1, -1;
  Vec y(2);
  y << 1, 0;
  LinearSvmOptions o;
  o.fit_intercept = false;
  o.tol = 1e-10;
  o.C = 1.0;
  LinearSvm squared(o);
  ASSERT_TRUE(squared.Fit(X, y, TaskKind::kClassification, 2).ok());
  EXPECT_NEAR(squared.weights()(0, 0), 0.8, 1e-8);
  o.squared_hinge = false;
  o.C = 0.25;
  LinearSvm hinge(o);
  ASSERT_TRUE(hinge.Fit(X, y, TaskKind::kClassification, 2).ok());
  EXPECT_NEAR(hinge.weights()(0, 0), 0.5, 1e-8);
}

TEST(LinearSvmTest, OneVsRestSeparatesThreeBlobs) {
  Rng rng(1);
  const int n = 150;
  Mat X(n, 2);
  Vec y(n);
  const float cx[3] = {0, 6, 0}, cy[3] = {0, 0, 6};
  for (int i = 0; i < n; ++i) {
    const int c = i % 3;
    X(i, 0) = cx[c] + static_cast<float>(rng.Normal());
    X(i, 1) = cy[c] + static_cast<float>(rng.Normal());
    y[i] = static_cast<float>(c);
  }
  LinearSvm svm;
  ASSERT_TRUE(svm.Fit(X, y, TaskKind::kClassification, 3).ok());
  EXPECT_EQ(svm.weights().rows(), 3);
  Vec pred;
  svm.Predict(X, &pred);
  EXPECT_GE((pred.array() == y.array()).count(), 147);
  Mat proba;
  svm.PredictProba(X, &proba);
  EXPECT_NEAR(proba.row(0).sum(), 1.0f, 1e-5);
  EXPECT_EQ(svm.Fit(X, y, TaskKind::kRegression, 0).code(), StatusCode::kInvalidArgument);
}

TEST(LinearSvmTest, InterceptShiftsTheBoundary) {
  Mat X(4, 1);
  X << 1, 2, 4, 5;
  Vec y(4);
  y << 0, 0, 1, 1;
  LinearSvmOptions o;
  o.C = 100.0;
  o.squared_hinge = false;
  o.tol = 1e-8;
  LinearSvm svm(o);
  ASSERT_TRUE(svm.Fit(X, y, TaskKind::kClassification, 2).ok());
  // Hard margin with a (regularised) bias feature of 1: boundary near x = 3.
  MatD scores;
  Mat probe(1, 1);
  probe << 3.0f;
  svm.DecisionFunction(probe, &scores);
  EXPECT_NEAR(scores(0, 0), 0.0, 0.05);
  Vec pred;
  svm.Predict(X, &pred);
  EXPECT_EQ(pred, y);
}

}  // namespace linear_svm_test
}  // namespace optiscope
