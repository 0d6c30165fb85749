// Tests of BinnedMatrix, the CART grower and the DecisionTree estimator.
#include "engine/models/classic/cart.h"

#include <gtest/gtest.h>

#include <numeric>

#include "engine/core/rng.h"
#include "engine/models/classic/binned_matrix.h"
#include "engine/models/classic/decision_tree.h"

namespace optiscope {
namespace cart_test {

TEST(BinnedMatrixTest, OneBinPerDistinctValueWhenFew) {
  Mat X(5, 1);
  X << 3.0f, 1.0f, 2.0f, 1.0f, 3.0f;
  BinnedMatrix bins;
  bins.Build(X);
  ASSERT_EQ(bins.NumBins(0), 3);
  const uint8_t* c = bins.Column(0);
  EXPECT_EQ(std::vector<int>(c, c + 5), (std::vector<int>{2, 0, 1, 0, 2}));
  EXPECT_EQ(bins.BinLow(0, 1), 2.0f);
  EXPECT_EQ(bins.BinHigh(0, 1), 2.0f);
}

TEST(BinnedMatrixTest, QuantileBinsWhenManyValuesKeepOrder) {
  const int n = 1000;
  Mat X(n, 1);
  for (int i = 0; i < n; ++i) X(i, 0) = static_cast<float>((i * 7919) % n);  // a permutation
  BinnedMatrix bins;
  bins.Build(X);
  EXPECT_EQ(bins.NumBins(0), BinnedMatrix::kMaxBins);
  const uint8_t* c = bins.Column(0);
  for (int i = 0; i < n; ++i) {
    const int b = c[i];
    EXPECT_LE(bins.BinLow(0, b), X(i, 0));
    EXPECT_GE(bins.BinHigh(0, b), X(i, 0));
    if (b + 1 < bins.NumBins(0)) {
      EXPECT_LT(bins.BinHigh(0, b), bins.BinLow(0, b + 1));
    }
  }
}

TEST(DecisionTreeTest, SplitsAtTheMidpointBetweenNeighbouringValues) {
  // Class 0 for x <= 2, class 1 for x >= 5: one split, threshold (2 + 5) / 2 on feature 1;
  // feature 0 is noise that cannot separate.
  Mat X(6, 2);
  X << 0, 1, 1, 2, 0, 2, 1, 5, 0, 6, 1, 7;
  Vec y(6);
  y << 0, 0, 0, 1, 1, 1;
  DecisionTree tree;
  ASSERT_TRUE(tree.Fit(X, y, TaskKind::kClassification, 2).ok());
  ASSERT_EQ(tree.tree().NumNodes(), 3);
  EXPECT_EQ(tree.tree().node(0).feature, 1);
  EXPECT_FLOAT_EQ(tree.tree().node(0).threshold, 3.5f);
  EXPECT_DOUBLE_EQ(tree.feature_importances()[1], 1.0);
  Mat probe(2, 2);
  probe << 0, 3.4f, 0, 3.6f;
  Vec pred;
  tree.Predict(probe, &pred);
  EXPECT_EQ(pred[0], 0.0f);
  EXPECT_EQ(pred[1], 1.0f);
}

// Noisy two-class data: y = 1 when x0 + 0.5 x1 + noise > 0.
void NoisyData(int n, uint64_t seed, Mat* X, Vec* y) {
  Rng rng(seed);
  X->resize(n, 3);
  y->resize(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < 3; ++j) (*X)(i, j) = static_cast<float>(rng.Normal());
    (*y)[i] = (*X)(i, 0) + 0.5f * (*X)(i, 1) + 0.7 * rng.Normal() > 0 ? 1.0f : 0.0f;
  }
}

TEST(DecisionTreeTest, UnlimitedTreeFitsTrainingDataAndLimitsAreRespected) {
  Mat X;
  Vec y;
  NoisyData(400, 1, &X, &y);
  DecisionTree full;
  ASSERT_TRUE(full.Fit(X, y, TaskKind::kClassification, 2).ok());
  Vec pred;
  full.Predict(X, &pred);
  EXPECT_EQ((pred.array() == y.array()).count(), 400);  // distinct rows: pure leaves

  DecisionTreeOptions o;
  o.max_depth = 3;
  o.min_samples_leaf = 10;
  DecisionTree limited(o);
  ASSERT_TRUE(limited.Fit(X, y, TaskKind::kClassification, 2).ok());
  EXPECT_LE(limited.tree().Depth(), 3);
  std::vector<int> leaf_rows(limited.tree().NumNodes(), 0);
  for (int i = 0; i < X.rows(); ++i) ++leaf_rows[limited.tree().Apply(X.row(i).data())];
  for (int node = 0; node < limited.tree().NumNodes(); ++node) {
    if (limited.tree().node(node).feature < 0) {
      EXPECT_GE(leaf_rows[node], 10);
    }
  }
  // The informative features carry the importance.
  const auto& imp = limited.feature_importances();
  EXPECT_NEAR(std::accumulate(imp.begin(), imp.end(), 0.0), 1.0, 1e-12);
  EXPECT_GT(imp[0], imp[2]);
}

TEST(DecisionTreeTest, ProbabilitiesAreLeafClassFractions) {
  // Identical rows with labels 0, 0, 1 cannot be split: one leaf with fractions 2/3, 1/3.
  Mat X = Mat::Zero(3, 1);
  Vec y(3);
  y << 0, 0, 1;
  DecisionTree tree;
  ASSERT_TRUE(tree.Fit(X, y, TaskKind::kClassification, 3).ok());
  Mat proba;
  tree.PredictProba(X.topRows(1), &proba);
  EXPECT_FLOAT_EQ(proba(0, 0), 2.0f / 3.0f);
  EXPECT_FLOAT_EQ(proba(0, 1), 1.0f / 3.0f);
  EXPECT_FLOAT_EQ(proba(0, 2), 0.0f);
}

TEST(DecisionTreeTest, RegressionLeavesPredictTheMean) {
  // y = step(x) + small offsets; depth 1 gives the two group means.
  Mat X(6, 1);
  X << 0, 1, 2, 10, 11, 12;
  Vec y(6);
  y << 1, 2, 3, 21, 20, 19;
  DecisionTreeOptions o;
  o.max_depth = 1;
  DecisionTree tree(o);
  ASSERT_TRUE(tree.Fit(X, y, TaskKind::kRegression, 0).ok());
  Vec pred;
  tree.Predict(X, &pred);
  EXPECT_FLOAT_EQ(pred[0], 2.0f);
  EXPECT_FLOAT_EQ(pred[5], 20.0f);
  EXPECT_FLOAT_EQ(tree.tree().node(0).threshold, 6.0f);
}

TEST(DecisionTreeTest, EntropyAndGiniAgreeOnAnObviousSplit) {
  Mat X;
  Vec y;
  NoisyData(200, 2, &X, &y);
  DecisionTreeOptions o;
  o.max_depth = 1;
  o.criterion = SplitCriterion::kEntropy;
  DecisionTree entropy(o);
  o.criterion = SplitCriterion::kGini;
  DecisionTree gini(o);
  ASSERT_TRUE(entropy.Fit(X, y, TaskKind::kClassification, 2).ok());
  ASSERT_TRUE(gini.Fit(X, y, TaskKind::kClassification, 2).ok());
  EXPECT_EQ(entropy.tree().node(0).feature, 0);
  EXPECT_EQ(gini.tree().node(0).feature, 0);
}

TEST(DecisionTreeTest, RejectsBadInputs) {
  Mat X = Mat::Zero(3, 1);
  Vec y(3);
  y << 0, 1, 2;
  DecisionTree tree;
  EXPECT_EQ(tree.Fit(X, y, TaskKind::kClassification, 2).code(), StatusCode::kInvalidArgument);
  X(0, 0) = std::numeric_limits<float>::quiet_NaN();
  EXPECT_EQ(tree.Fit(X, y, TaskKind::kClassification, 3).code(), StatusCode::kInvalidArgument);
  DecisionTreeOptions o;
  o.criterion = SplitCriterion::kGini;
  DecisionTree gini(o);
  EXPECT_EQ(gini.Fit(Mat::Zero(3, 1), y, TaskKind::kRegression, 0).code(),
            StatusCode::kInvalidArgument);
}

TEST(MaxFeaturesTest, ResolvesLikeScikitLearn) {
  MaxFeatures m;
  EXPECT_EQ(m.Resolve(64), 64);
  m.kind = MaxFeatures::Kind::kSqrt;
  EXPECT_EQ(m.Resolve(64), 8);
  EXPECT_EQ(m.Resolve(30), 5);
  m.kind = MaxFeatures::Kind::kLog2;
  EXPECT_EQ(m.Resolve(30), 4);
  m.kind = MaxFeatures::Kind::kFraction;
  m.value = 0.5;
  EXPECT_EQ(m.Resolve(13), 6);
  m.value = 0.01;
  EXPECT_EQ(m.Resolve(13), 1);
  m.kind = MaxFeatures::Kind::kCount;
  m.value = 100;
  EXPECT_EQ(m.Resolve(13), 13);
}

}  // namespace cart_test
}  // namespace optiscope
