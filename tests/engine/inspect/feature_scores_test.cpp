// ScoreFeatures (the Select mode's engine side) and ValidateFeaturesWithScaling (the Features
// section's check): ranked scores of the training split, the chi2 scaling switch, the config's
// own selection, and field-path errors.
#include "engine/inspect/feature_scores.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/features/feature_pipeline.h"

namespace optiscope {
namespace feature_scores_test {

TEST(FeatureScoresTest, IrisAnovaRanksPetalFeaturesFirst) {
  ExperimentConfig config;
  config.data.source = "iris";
  auto scores = ScoreFeatures(config);  // select.method none: ANOVA
  ASSERT_TRUE(scores.ok()) << scores.status().ToString();
  EXPECT_EQ(scores->choice, "anova");
  ASSERT_EQ(scores->names.size(), 4u);
  EXPECT_EQ(scores->train_rows, 105);  // 150 rows minus 10% validation and 20% test
  ASSERT_EQ(scores->ranking.size(), 4u);
  EXPECT_EQ(scores->names[scores->ranking[0]].rfind("petal", 0), 0u);
  EXPECT_EQ(scores->names[scores->ranking[1]].rfind("petal", 0), 0u);
  for (size_t r = 1; r < 4; ++r) {
    EXPECT_GT(scores->scores[scores->ranking[r - 1]], scores->scores[scores->ranking[r]]);
  }
  EXPECT_EQ(scores->selected.size(), 4u);  // k = 10 caps at the 4 columns
  EXPECT_TRUE(scores->note.empty());
}

TEST(FeatureScoresTest, ChoiceOverridesTheConfigAndChi2SwitchesToMinMax) {
  ExperimentConfig config;
  config.data.source = "wine";
  config.features.select.method = SelectMethod::kKBest;
  config.features.select.score = SelectScore::kAnova;
  config.features.select.k = 3;
  auto chi2 = ScoreFeatures(config, "chi2");
  ASSERT_TRUE(chi2.ok()) << chi2.status().ToString();
  EXPECT_EQ(chi2->choice, "chi2");
  EXPECT_NE(chi2->note.find("min-max"), std::string::npos);
  EXPECT_EQ(chi2->selected.size(), 3u);
  for (double s : chi2->scores) EXPECT_GE(s, 0.0);
  // The kept columns are the three best-ranked ones.
  std::vector<int> top(chi2->ranking.begin(), chi2->ranking.begin() + 3);
  std::sort(top.begin(), top.end());
  EXPECT_EQ(top, chi2->selected);

  config.features.select.method = SelectMethod::kL1;
  config.features.select.alpha = 0.05;
  auto l1 = ScoreFeatures(config);
  ASSERT_TRUE(l1.ok()) << l1.status().ToString();
  EXPECT_EQ(l1->choice, "l1");
  EXPECT_LT(l1->selected.size(), 13u);

  config.features.extract.method = ExtractMethod::kPolynomial;  // scores the extracted columns
  auto poly = ScoreFeatures(config, "anova");
  ASSERT_TRUE(poly.ok());
  EXPECT_EQ(poly->names.size(), 13u + 13u * 14u / 2u);
}

TEST(FeatureScoresTest, ErrorsNameTheCause) {
  ExperimentConfig config;
  config.data.source = "iris";
  auto unknown = ScoreFeatures(config, "pearson");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown selection \"pearson\""), std::string::npos);
  config.features.select.k = 0;
  auto bad_k = ScoreFeatures(config);
  ASSERT_FALSE(bad_k.ok());
  EXPECT_EQ(bad_k.status().message().rfind("features.select.k", 0), 0u);
}

TEST(FeatureScoresTest, ValidateWithScalingCatchesChi2OnNegativeValues) {
  FeaturesConfig f;
  EXPECT_TRUE(ValidateFeaturesWithScaling(f, Scaling::kStandardize).ok());
  f.select.method = SelectMethod::kKBest;
  f.select.score = SelectScore::kChi2;
  const Status standardized = ValidateFeaturesWithScaling(f, Scaling::kStandardize);
  ASSERT_FALSE(standardized.ok());
  EXPECT_NE(standardized.message().find("set data.scaling to minmax"), std::string::npos);
  EXPECT_TRUE(ValidateFeaturesWithScaling(f, Scaling::kMinMax).ok());
  f.extract.method = ExtractMethod::kYeoJohnson;
  EXPECT_FALSE(ValidateFeaturesWithScaling(f, Scaling::kMinMax).ok());
  f.extract.method = ExtractMethod::kNone;
  f.pca.method = static_cast<ReduceMethod>(7);  // a bad cast: validation names the field
  const Status typo = ValidateFeaturesWithScaling(f, Scaling::kMinMax);
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.message().rfind("features.pca.method", 0), 0u);
}

}  // namespace feature_scores_test
}  // namespace optiscope
