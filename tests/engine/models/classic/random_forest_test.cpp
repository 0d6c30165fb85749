// Tests of RandomForest: thread-independent results, cancellation, importances, regression.
#include "engine/models/classic/random_forest.h"

#include <gtest/gtest.h>

#include <numeric>

#include "engine/core/rng.h"
#include "engine/core/thread_budget.h"

namespace optiscope {
namespace random_forest_test {

// Three classes by the sign pattern of two informative features; two noise features.
void ThreeClassData(int n, uint64_t seed, Mat* X, Vec* y) {
  Rng rng(seed);
  X->resize(n, 4);
  y->resize(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < 4; ++j) (*X)(i, j) = static_cast<float>(rng.Normal());
    const double a = (*X)(i, 0) + 0.3 * rng.Normal(), b = (*X)(i, 1) + 0.3 * rng.Normal();
    (*y)[i] = a < 0 ? 0.0f : (b < 0 ? 1.0f : 2.0f);
  }
}

TEST(RandomForestTest, SameResultOnOneOrTwoThreads) {
  Mat X;
  Vec y;
  ThreeClassData(300, 3, &X, &y);
  RandomForestOptions o;
  o.n_estimators = 20;
  o.n_threads = 1;
  RandomForest one(o);
  o.n_threads = 2;
  RandomForest two(o);
  ASSERT_TRUE(one.Fit(X, y, TaskKind::kClassification, 3).ok());
  ASSERT_TRUE(two.Fit(X, y, TaskKind::kClassification, 3).ok());
  Mat p1, p2;
  one.PredictProba(X, &p1);
  two.PredictProba(X, &p2);
  EXPECT_EQ(p1, p2);
  EXPECT_EQ(one.feature_importances(), two.feature_importances());
}

TEST(RandomForestTest, SameForestWhateverTheThreadBudget) {
  Mat X;
  Vec y;
  ThreeClassData(300, 5, &X, &y);
  RandomForestOptions o;
  o.n_estimators = 24;
  o.n_threads = 4;
  Mat p[2];
  std::vector<double> importances[2];
  const int budgets[2] = {1, 4};
  for (int b = 0; b < 2; ++b) {
    SetWorkerThreads(budgets[b]);
    RandomForest forest(o);
    ASSERT_TRUE(forest.Fit(X, y, TaskKind::kClassification, 3).ok());
    forest.PredictProba(X, &p[b]);
    importances[b] = forest.feature_importances();
  }
  SetWorkerThreads(0);
  EXPECT_EQ(p[0], p[1]);
  EXPECT_EQ(importances[0], importances[1]);
}

TEST(RandomForestTest, GeneralisesAndRanksInformativeFeatures) {
  Mat X, Xt;
  Vec y, yt;
  ThreeClassData(600, 4, &X, &y);
  ThreeClassData(400, 5, &Xt, &yt);
  RandomForest forest;
  ASSERT_TRUE(forest.Fit(X, y, TaskKind::kClassification, 3).ok());
  EXPECT_EQ(forest.trees().size(), 100u);
  Vec pred;
  forest.Predict(Xt, &pred);
  const double accuracy = (pred.array() == yt.array()).cast<double>().mean();
  EXPECT_GT(accuracy, 0.8);
  const auto& imp = forest.feature_importances();
  EXPECT_NEAR(std::accumulate(imp.begin(), imp.end(), 0.0), 1.0, 1e-9);
  EXPECT_GT(std::min(imp[0], imp[1]), std::max(imp[2], imp[3]));
  Mat proba;
  forest.PredictProba(Xt, &proba);
  EXPECT_NEAR(proba.row(0).sum(), 1.0f, 1e-5);
}

TEST(RandomForestTest, DifferentSeedsGiveDifferentForests) {
  Mat X;
  Vec y;
  ThreeClassData(200, 6, &X, &y);
  RandomForestOptions o;
  o.n_estimators = 10;
  RandomForest a(o);
  o.seed = 1;
  RandomForest b(o);
  ASSERT_TRUE(a.Fit(X, y, TaskKind::kClassification, 3).ok());
  ASSERT_TRUE(b.Fit(X, y, TaskKind::kClassification, 3).ok());
  Mat pa, pb;
  a.PredictProba(X, &pa);
  b.PredictProba(X, &pb);
  EXPECT_NE(pa, pb);
}

TEST(RandomForestTest, RegressionAveragesTrees) {
  Rng rng(7);
  const int n = 400;
  Mat X(n, 2);
  Vec y(n);
  for (int i = 0; i < n; ++i) {
    X(i, 0) = static_cast<float>(rng.Uniform(-2, 2));
    X(i, 1) = static_cast<float>(rng.Uniform(-2, 2));
    y[i] = X(i, 0) * X(i, 0) + 0.1f * static_cast<float>(rng.Normal());
  }
  RandomForest forest;
  ASSERT_TRUE(forest.Fit(X, y, TaskKind::kRegression, 0).ok());
  Mat probe(2, 2);
  probe << 0, 0, 1.5f, 0;
  Vec pred;
  forest.Predict(probe, &pred);
  EXPECT_NEAR(pred[0], 0.0, 0.25);
  EXPECT_NEAR(pred[1], 2.25, 0.35);
}

TEST(RandomForestTest, StopRequestCancels) {
  Mat X;
  Vec y;
  ThreeClassData(100, 8, &X, &y);
  std::stop_source source;
  source.request_stop();
  RandomForest forest;
  EXPECT_EQ(forest.Fit(X, y, TaskKind::kClassification, 3, source.get_token()).code(),
            StatusCode::kCancelled);
}

}  // namespace random_forest_test
}  // namespace optiscope
