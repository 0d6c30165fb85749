// Tests of KNearestNeighbors against hand-computed neighbourhoods.
#include "engine/models/classic/knn.h"

#include <gtest/gtest.h>

namespace optiscope {
namespace knn_test {

TEST(KnnTest, UniformVotesOfTheNearestK) {
  // Points on a line; the query at 0.9 has neighbours 1 (c1), 0 (c0), 2 (c1).
  Mat X(5, 1);
  X << 0, 1, 2, 10, 11;
  Vec y(5);
  y << 0, 1, 1, 0, 0;
  KnnOptions o;
  o.n_neighbors = 3;
  KNearestNeighbors knn(o);
  ASSERT_TRUE(knn.Fit(X, y, TaskKind::kClassification, 2).ok());
  Mat q(2, 1);
  q << 0.9f, 10.4f;
  Mat proba;
  knn.PredictProba(q, &proba);
  EXPECT_NEAR(proba(0, 0), 1.0 / 3.0, 1e-6);
  EXPECT_NEAR(proba(0, 1), 2.0 / 3.0, 1e-6);
  Vec pred;
  knn.Predict(q, &pred);
  EXPECT_EQ(pred[0], 1.0f);
  EXPECT_EQ(pred[1], 0.0f);  // neighbours 10, 11 (c0) and 2 (c1)
}

TEST(KnnTest, DistanceWeightsAndExactMatches) {
  Mat X(3, 2);
  X << 0, 0, 3, 4, 6, 8;  // distances from the origin: 0, 5, 10
  Vec y(3);
  y << 0, 1, 1;
  KnnOptions o;
  o.n_neighbors = 3;
  o.distance_weights = true;
  KNearestNeighbors knn(o);
  ASSERT_TRUE(knn.Fit(X, y, TaskKind::kClassification, 2).ok());
  Mat q(2, 2);
  q << 0, 0, 3, 4.5f;  // an exact match takes all the weight; else 1/d
  Mat proba;
  knn.PredictProba(q, &proba);
  EXPECT_FLOAT_EQ(proba(0, 0), 1.0f);
  // Second query: d = 5.5902 (c0), 0.5 (c1), 4.6098 (c1).
  const double w0 = 1 / std::sqrt(9 + 4.5 * 4.5), w1 = 1 / 0.5, w2 = 1 / std::sqrt(9 + 3.5 * 3.5);
  EXPECT_NEAR(proba(1, 0), w0 / (w0 + w1 + w2), 1e-5);
}

TEST(KnnTest, RegressionIsTheMeanOfNeighbours) {
  Mat X(4, 1);
  X << 0, 1, 2, 3;
  Vec y(4);
  y << 10, 20, 30, 40;
  KnnOptions o;
  o.n_neighbors = 2;
  KNearestNeighbors knn(o);
  ASSERT_TRUE(knn.Fit(X, y, TaskKind::kRegression, 0).ok());
  Mat q(1, 1);
  q << 2.2f;
  Vec pred;
  knn.Predict(q, &pred);
  EXPECT_FLOAT_EQ(pred[0], 35.0f);
}

TEST(KnnTest, BatchesGiveTheSameAnswerAsOneByOne) {
  // More queries than one batch (256).
  const int n = 300;
  Mat X(n, 3);
  Vec y(n);
  for (int i = 0; i < n; ++i) {
    X.row(i) << std::sin(i * 0.7f), std::cos(i * 1.3f), std::sin(i * 0.11f);
    y[i] = static_cast<float>(i % 4);
  }
  KNearestNeighbors knn;
  ASSERT_TRUE(knn.Fit(X, y, TaskKind::kClassification, 4).ok());
  Mat all;
  knn.PredictProba(X, &all);
  for (int i : {0, 255, 256, 299}) {
    Mat one;
    knn.PredictProba(X.middleRows(i, 1), &one);
    EXPECT_EQ(one.row(0), all.row(i)) << i;
  }
}

TEST(KnnTest, RejectsMoreNeighboursThanRows) {
  KnnOptions o;
  o.n_neighbors = 5;
  KNearestNeighbors knn(o);
  Vec y(3);
  y << 0, 1, 0;
  EXPECT_EQ(knn.Fit(Mat::Zero(3, 1), y, TaskKind::kClassification, 2).code(),
            StatusCode::kInvalidArgument);
}

}  // namespace knn_test
}  // namespace optiscope
