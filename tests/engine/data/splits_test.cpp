#include "engine/data/splits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "engine/data/preprocessing.h"

namespace optiscope {
namespace splits_test {

std::vector<int> Sorted(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<int> Range(int n) {
  std::vector<int> v(n);
  std::iota(v.begin(), v.end(), 0);
  return v;
}

TEST(SplitsTest, HoldoutSizesDisjointCoverageDeterminism) {
  HoldoutOptions o;
  o.validation_fraction = 0.15;
  o.test_fraction = 0.25;
  o.seed = 3;
  Result<HoldoutSplit> s = MakeHoldoutSplit(101, o);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->test.size(), 25u);        // round(25.25)
  EXPECT_EQ(s->validation.size(), 15u);  // round(15.15)
  EXPECT_EQ(s->train.size(), 61u);
  std::vector<int> all = s->train;
  all.insert(all.end(), s->validation.begin(), s->validation.end());
  all.insert(all.end(), s->test.begin(), s->test.end());
  EXPECT_EQ(Sorted(all), Range(101));
  Result<HoldoutSplit> again = MakeHoldoutSplit(101, o);
  EXPECT_EQ(again->train, s->train);
  EXPECT_EQ(again->test, s->test);
  o.seed = 4;
  EXPECT_NE(MakeHoldoutSplit(101, o)->test, s->test);
}

TEST(SplitsTest, HoldoutStratifiedKeepsProportions) {
  // 60 of class 0, 30 of class 1, 10 of class 2.
  std::vector<Scalar> labels;
  for (int i = 0; i < 100; ++i) labels.push_back(i < 60 ? 0.f : (i < 90 ? 1.f : 2.f));
  HoldoutOptions o;
  o.validation_fraction = 0.1;
  o.test_fraction = 0.2;
  Result<HoldoutSplit> s = MakeHoldoutSplit(100, o, labels);
  ASSERT_TRUE(s.ok());
  auto count = [&](const std::vector<int>& rows, Scalar c) {
    return std::count_if(rows.begin(), rows.end(), [&](int r) { return labels[r] == c; });
  };
  EXPECT_EQ(count(s->test, 0), 12);
  EXPECT_EQ(count(s->test, 1), 6);
  EXPECT_EQ(count(s->test, 2), 2);
  EXPECT_EQ(count(s->validation, 0), 6);
  EXPECT_EQ(count(s->validation, 1), 3);
  EXPECT_EQ(count(s->validation, 2), 1);
  EXPECT_EQ(count(s->train, 2), 7);
  std::vector<int> all = s->train;
  all.insert(all.end(), s->validation.begin(), s->validation.end());
  all.insert(all.end(), s->test.begin(), s->test.end());
  EXPECT_EQ(Sorted(all), Range(100));
}

TEST(SplitsTest, HoldoutErrors) {
  HoldoutOptions o;
  o.test_fraction = -0.1;
  EXPECT_FALSE(MakeHoldoutSplit(10, o).ok());
  o.test_fraction = 0.5;
  o.validation_fraction = 0.5;
  EXPECT_FALSE(MakeHoldoutSplit(10, o).ok());
  o.validation_fraction = 0.45;
  EXPECT_EQ(MakeHoldoutSplit(2, o).status().code(), StatusCode::kInvalidArgument);
}

TEST(SplitsTest, KFoldCoverageAndSizes) {
  Result<std::vector<Fold>> folds = MakeKFold(23, 5, 1);
  ASSERT_TRUE(folds.ok());
  ASSERT_EQ(folds->size(), 5u);
  std::vector<int> all;
  for (const Fold& f : *folds) {
    EXPECT_TRUE(f.validation.size() == 4 || f.validation.size() == 5);
    EXPECT_EQ(f.train.size() + f.validation.size(), 23u);
    std::vector<int> both = f.train;
    both.insert(both.end(), f.validation.begin(), f.validation.end());
    EXPECT_EQ(Sorted(both), Range(23));
    all.insert(all.end(), f.validation.begin(), f.validation.end());
  }
  EXPECT_EQ(Sorted(all), Range(23));
  EXPECT_EQ(MakeKFold(23, 5, 1)->at(2).validation, folds->at(2).validation);
  EXPECT_NE(MakeKFold(23, 5, 2)->at(0).validation, folds->at(0).validation);
  EXPECT_FALSE(MakeKFold(3, 4, 0).ok());
  EXPECT_FALSE(MakeKFold(10, 1, 0).ok());
}

TEST(SplitsTest, StratifiedKFoldProportions) {
  std::vector<Scalar> labels;
  for (int i = 0; i < 50; ++i) labels.push_back(i % 5 == 0 ? 1.f : 0.f);  // 10 ones, 40 zeros
  Result<std::vector<Fold>> folds = MakeStratifiedKFold(labels, 5, 7);
  ASSERT_TRUE(folds.ok());
  std::vector<int> all;
  for (const Fold& f : *folds) {
    EXPECT_EQ(f.validation.size(), 10u);
    const auto ones =
        std::count_if(f.validation.begin(), f.validation.end(), [&](int r) { return labels[r]; });
    EXPECT_EQ(ones, 2);
    all.insert(all.end(), f.validation.begin(), f.validation.end());
  }
  EXPECT_EQ(Sorted(all), Range(50));
  EXPECT_EQ(MakeStratifiedKFold(labels, 5, 7)->at(3).validation, folds->at(3).validation);
}

TEST(SplitsTest, PreprocessorFittedOnTrainOnlyDiffersFromAll) {
  // No leakage: statistics come from the training rows only.
  Mat X(100, 1);
  for (int i = 0; i < 100; ++i) X(i, 0) = static_cast<Scalar>(i);
  HoldoutOptions o;
  o.seed = 11;
  Result<HoldoutSplit> s = MakeHoldoutSplit(100, o);
  ASSERT_TRUE(s.ok());
  Mat train(s->train.size(), 1);
  double sum = 0;
  for (size_t i = 0; i < s->train.size(); ++i) {
    train(i, 0) = X(s->train[i], 0);
    sum += train(i, 0);
  }
  Preprocessor on_train, on_all;
  on_train.Fit(train);
  on_all.Fit(X);
  EXPECT_FLOAT_EQ(on_train.offset()(0), static_cast<float>(sum / s->train.size()));
  EXPECT_NE(on_train.offset()(0), on_all.offset()(0));
  EXPECT_NE(on_train.scale()(0), on_all.scale()(0));
}

}  // namespace splits_test
}  // namespace optiscope
