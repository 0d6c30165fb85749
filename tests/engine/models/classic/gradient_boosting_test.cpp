// Tests of GradientBoosting: Friedman's Newton leaf values checked by hand, loss decrease,
// regression fit, subsampling, cancellation.
#include "engine/models/classic/gradient_boosting.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/core/rng.h"

namespace optiscope {
namespace gradient_boosting_test {

TEST(GradientBoostingTest, BinaryLeafValuesAreOneNewtonStep) {
  // Prior p = 0.6: init logit log(1.5). Residuals y - 0.6; one split at 1.5.
  // Left leaf: sum r / sum p(1-p) = -1.2 / 0.48 = -2.5; right: 1.2 / 0.72 = 5/3.
  Mat X(5, 1);
  X << 0, 1, 2, 3, 4;
  Vec y(5);
  y << 0, 0, 1, 1, 1;
  GradientBoostingOptions o;
  o.n_estimators = 1;
  o.max_depth = 1;
  GradientBoosting gb(o);
  ASSERT_TRUE(gb.Fit(X, y, TaskKind::kClassification, 2).ok());
  MatD scores;
  gb.DecisionFunction(X, &scores);
  ASSERT_EQ(scores.cols(), 1);
  EXPECT_NEAR(scores(0, 0), std::log(1.5) - 0.1 * 2.5, 1e-6);
  EXPECT_NEAR(scores(4, 0), std::log(1.5) + 0.1 * 5.0 / 3.0, 1e-6);
  Mat proba;
  gb.PredictProba(X, &proba);
  EXPECT_NEAR(proba(4, 1), 1.0 / (1.0 + std::exp(-scores(4, 0))), 1e-6);
  EXPECT_NEAR(proba(4, 0) + proba(4, 1), 1.0, 1e-6);
}

TEST(GradientBoostingTest, MulticlassLeafValuesUseTheKMinusOneOverKFactor) {
  // Three balanced classes: init log(1/3), p = 1/3. Class-0 tree isolates class 0:
  // left (2/3) * (4/3) / (4/9) = 2, right (2/3) * (-4/3) / (8/9) = -1.
  Mat X(6, 1);
  X << 0, 0.1f, 1, 1.1f, 2, 2.1f;
  Vec y(6);
  y << 0, 0, 1, 1, 2, 2;
  GradientBoostingOptions o;
  o.n_estimators = 1;
  o.max_depth = 1;
  GradientBoosting gb(o);
  ASSERT_TRUE(gb.Fit(X, y, TaskKind::kClassification, 3).ok());
  MatD scores;
  gb.DecisionFunction(X, &scores);
  ASSERT_EQ(scores.cols(), 3);
  EXPECT_NEAR(scores(0, 0), std::log(1.0 / 3.0) + 0.2, 1e-6);
  EXPECT_NEAR(scores(5, 0), std::log(1.0 / 3.0) - 0.1, 1e-6);
}

void Spiral(int n, uint64_t seed, Mat* X, Vec* y) {
  Rng rng(seed);
  X->resize(n, 2);
  y->resize(n);
  for (int i = 0; i < n; ++i) {
    const int c = i % 3;
    const double t = rng.Uniform(0.2, 1.0);
    const double angle = 4.0 * t + c * 2.0944 + 0.2 * rng.Normal();
    (*X)(i, 0) = static_cast<float>(t * std::cos(angle));
    (*X)(i, 1) = static_cast<float>(t * std::sin(angle));
    (*y)[i] = static_cast<float>(c);
  }
}

TEST(GradientBoostingTest, LogLossDecreasesAndTheModelGeneralises) {
  Mat X, Xt;
  Vec y, yt;
  Spiral(600, 1, &X, &y);
  Spiral(300, 2, &Xt, &yt);
  GradientBoosting gb;
  ASSERT_TRUE(gb.Fit(X, y, TaskKind::kClassification, 3).ok());
  ASSERT_EQ(gb.NumStages(), 100);
  const auto& loss = gb.train_loss();
  EXPECT_LT(loss.back(), 0.5 * loss.front());
  for (size_t i = 1; i < loss.size(); ++i) EXPECT_LE(loss[i], loss[i - 1] + 1e-9);
  Vec pred;
  gb.Predict(Xt, &pred);
  EXPECT_GT((pred.array() == yt.array()).cast<double>().mean(), 0.8);
}

TEST(GradientBoostingTest, RegressionFitsASmoothFunction) {
  Rng rng(3);
  const int n = 500;
  Mat X(n, 1);
  Vec y(n);
  for (int i = 0; i < n; ++i) {
    X(i, 0) = static_cast<float>(rng.Uniform(-3, 3));
    y[i] = std::sin(X(i, 0)) + 0.05f * static_cast<float>(rng.Normal());
  }
  GradientBoostingOptions o;
  o.n_estimators = 1;
  GradientBoosting one(o);
  ASSERT_TRUE(one.Fit(X, y, TaskKind::kRegression, 0).ok());
  GradientBoosting gb;
  ASSERT_TRUE(gb.Fit(X, y, TaskKind::kRegression, 0).ok());
  // Stage one moves 10% of the way from the mean toward the tree.
  EXPECT_NEAR(one.train_loss()[0], gb.train_loss()[0], 1e-9);
  Mat probe(3, 1);
  probe << -1.5f, 0.0f, 1.5f;
  Vec pred;
  gb.Predict(probe, &pred);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(pred[i], std::sin(probe(i, 0)), 0.1);
}

TEST(GradientBoostingTest, SubsampleIsSeededAndChangesTheModel) {
  Mat X;
  Vec y;
  Spiral(300, 4, &X, &y);
  GradientBoostingOptions o;
  o.n_estimators = 20;
  o.subsample = 0.5;
  GradientBoosting a(o), b(o);
  o.subsample = 1.0;
  GradientBoosting full(o);
  ASSERT_TRUE(a.Fit(X, y, TaskKind::kClassification, 3).ok());
  ASSERT_TRUE(b.Fit(X, y, TaskKind::kClassification, 3).ok());
  ASSERT_TRUE(full.Fit(X, y, TaskKind::kClassification, 3).ok());
  MatD sa, sb, sf;
  a.DecisionFunction(X, &sa);
  b.DecisionFunction(X, &sb);
  full.DecisionFunction(X, &sf);
  EXPECT_EQ(sa, sb);
  EXPECT_NE(sa, sf);
}

TEST(GradientBoostingTest, StopRequestCancelsAndBadOptionsAreRejected) {
  Mat X;
  Vec y;
  Spiral(60, 5, &X, &y);
  std::stop_source source;
  source.request_stop();
  GradientBoosting gb;
  EXPECT_EQ(gb.Fit(X, y, TaskKind::kClassification, 3, source.get_token()).code(),
            StatusCode::kCancelled);
  GradientBoostingOptions o;
  o.subsample = 1.5;
  GradientBoosting bad(o);
  EXPECT_EQ(bad.Fit(X, y, TaskKind::kClassification, 3).code(), StatusCode::kInvalidArgument);
}

}  // namespace gradient_boosting_test
}  // namespace optiscope
