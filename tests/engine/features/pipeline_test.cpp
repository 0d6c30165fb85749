// The features block: selection/extraction behaviour, fitting on training rows only (no leakage),
// JSON round trip and field-path errors, and Projection events during an MLP run.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/config/config_json.h"
#include "engine/data/builtin_datasets.h"
#include "engine/features/feature_extractor.h"
#include "engine/features/feature_pipeline.h"
#include "engine/features/feature_selector.h"
#include "engine/train/experiment.h"

namespace optiscope {
namespace pipeline_test {

TEST(FeatureSelector, KBestKeepsTheHighestAnovaScores) {
  auto iris = LoadBuiltinDataset("iris");
  ASSERT_TRUE(iris.ok());
  FeatureSelector s(
      SelectorOptions{.method = SelectMethod::kKBest, .score = SelectScore::kAnova, .k = 2});
  ASSERT_TRUE(s.Fit(iris->X, iris->y, TaskKind::kClassification).ok());
  EXPECT_EQ(s.selected(), (std::vector<int>{2, 3}));  // petal length and width
  EXPECT_EQ(s.Transform(iris->X).cols(), 2);
}

TEST(FeatureSelector, RfeAndL1DropAnUninformativeColumn) {
  auto iris = LoadBuiltinDataset("iris");
  ASSERT_TRUE(iris.ok());
  Mat X(iris->NumRows(), 5);
  X.leftCols(4) = iris->X;
  X.col(4).setConstant(1.0f);  // carries no information
  for (const RfeEstimator estimator : EnumValues<RfeEstimator>()) {
    FeatureSelector rfe(
        SelectorOptions{.method = SelectMethod::kRfe, .k = 3, .estimator = estimator});
    ASSERT_TRUE(rfe.Fit(X, iris->y, TaskKind::kClassification).ok()) << EnumName(estimator);
    EXPECT_EQ(rfe.selected().size(), 3u);
    EXPECT_EQ(std::count(rfe.selected().begin(), rfe.selected().end(), 4), 0)
        << EnumName(estimator);
  }
  FeatureSelector l1(SelectorOptions{.method = SelectMethod::kL1, .alpha = 0.05});
  ASSERT_TRUE(l1.Fit(X, iris->y, TaskKind::kClassification).ok());
  EXPECT_EQ(std::count(l1.selected().begin(), l1.selected().end(), 4), 0);
  EXPECT_EQ(l1.scores()[4], 0.0);
  FeatureSelector variance(SelectorOptions{.method = SelectMethod::kVariance, .threshold = 0.0});
  ASSERT_TRUE(variance.Fit(X, iris->y, TaskKind::kClassification).ok());
  EXPECT_EQ(variance.selected(), (std::vector<int>{0, 1, 2, 3}));
}

TEST(FeatureExtractor, PolynomialTermsFollowSklearnOrder) {
  Mat X(1, 3);
  X << 2, 3, 5;
  FeatureExtractor full(ExtractorOptions{.method = ExtractMethod::kPolynomial, .degree = 2});
  ASSERT_TRUE(full.Fit(X).ok());
  Mat expected(1, 9);
  expected << 2, 3, 5, 4, 6, 10, 9, 15, 25;
  EXPECT_EQ(full.Transform(X), expected);
  EXPECT_EQ(full.output_names()[3], "x0^2");
  FeatureExtractor inter(ExtractorOptions{
      .method = ExtractMethod::kPolynomial, .degree = 3, .interaction_only = true});
  ASSERT_TRUE(inter.Fit(X).ok());
  Mat expected_inter(1, 7);
  expected_inter << 2, 3, 5, 6, 10, 15, 30;
  EXPECT_EQ(inter.Transform(X), expected_inter);
}

TEST(FeatureExtractor, BinningAndLogTransforms) {
  Mat X(8, 1);
  X << 0, 1, 2, 3, 4, 5, 6, 7;
  FeatureExtractor uniform(ExtractorOptions{
      .method = ExtractMethod::kBinning, .bins = 2, .strategy = BinStrategy::kUniform});
  ASSERT_TRUE(uniform.Fit(X).ok());
  Mat bins = uniform.Transform(X);
  EXPECT_EQ(bins(3, 0), 0);  // edge 3.5
  EXPECT_EQ(bins(4, 0), 1);
  FeatureExtractor log(ExtractorOptions{.method = ExtractMethod::kLog1p});
  ASSERT_TRUE(log.Fit(X).ok());
  EXPECT_NEAR(log.Transform(X)(7, 0), std::log1p(7.0), 1e-6);
}

// The pipeline's statistics come from training rows only: fitting on the training rows of a
// holdout split gives the same transform whatever the held-out rows contain.
TEST(FeaturePipeline, FittedOnTrainingRowsOnlyNoLeakage) {
  auto wine = LoadBuiltinDataset("wine");
  ASSERT_TRUE(wine.ok());
  FeaturesConfig config;
  config.extract.method = ExtractMethod::kYeoJohnson;
  config.select.method = SelectMethod::kKBest;
  config.select.k = 5;
  config.pca.method = ReduceMethod::kPca;
  config.pca.n_components = 2;
  std::vector<int> train_rows, test_rows;
  for (int i = 0; i < wine->NumRows(); ++i) (i % 4 ? train_rows : test_rows).push_back(i);
  const Dataset train = wine->Subset(train_rows);
  auto a = FeaturePipeline::Fit(config, train.X, train.y, TaskKind::kClassification);
  ASSERT_TRUE(a.ok());
  // Wildly change the held-out rows: nothing fitted may change.
  Dataset poisoned = *wine;
  for (int r : test_rows) poisoned.X.row(r).setConstant(1e4f);
  const Dataset train2 = poisoned.Subset(train_rows);
  auto b = FeaturePipeline::Fit(config, train2.X, train2.y, TaskKind::kClassification);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->selector().selected(), b->selector().selected());
  EXPECT_EQ(a->Transform(train.X), b->Transform(train.X));

  // And RunExperiment fits it on its training split: the run result does not depend on the
  // test rows' values beyond their own predictions (same validation metrics with poisoned test).
  ExperimentConfig experiment;
  experiment.data.source = "wine";
  experiment.model.type = ModelType::kLogistic;
  experiment.model.hidden = {};
  experiment.training.epochs = 3;
  experiment.features = config;
  NullEventSink sink;
  auto run = RunExperiment(experiment, sink);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_TRUE(run->model.features);
  EXPECT_EQ(run->model.features->NumOutputs(), 2);
  auto predictions = Predict(run->model, wine->X);
  ASSERT_TRUE(predictions.ok()) << predictions.status().ToString();
  EXPECT_EQ(predictions->size(), wine->NumRows());
}

TEST(FeaturesConfig, JsonRoundTripAndFieldPathErrors) {
  ExperimentConfig c;
  c.features.extract.method = ExtractMethod::kPolynomial;
  c.features.extract.degree = 3;
  c.features.extract.interaction_only = true;
  c.features.select.method = SelectMethod::kRfe;
  c.features.select.estimator = RfeEstimator::kTree;
  c.features.select.k = 4;
  c.features.pca.method = ReduceMethod::kKpca;
  c.features.pca.kernel = PcaKernel::kPoly;
  c.features.pca.gamma = 0.5;
  c.features.pca.landmarks = 300;
  c.features.seed = 9;
  c.training.projection_every = 2;
  auto back = ParseExperimentConfig(WriteExperimentConfig(c));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, c);
  auto bad = ParseExperimentConfig(R"({"features": {"pca": {"n_components": 0}}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("features.pca.n_components"), std::string::npos);
  auto unknown = ParseExperimentConfig(R"({"features": {"select": {"metod": "kbest"}}})");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("features.select.metod: unknown field"),
            std::string::npos);
  EXPECT_NE(unknown.status().message().find("did you mean \"method\""), std::string::npos);
  auto kernel = ParseExperimentConfig(R"({"features": {"pca": {"kernel": "rbff"}}})");
  ASSERT_FALSE(kernel.ok());
  EXPECT_NE(kernel.status().message().find("features.pca.kernel"), std::string::npos);
}

TEST(ProjectionEvents, ArriveDuringAnMlpRun) {
  ExperimentConfig config;
  config.data.source = "iris";
  config.model.hidden = {8};
  config.training.epochs = 4;
  config.training.projection_every = 2;
  RecordingEventSink sink;
  auto run = RunExperiment(config, sink);
  ASSERT_TRUE(run.ok());
  std::vector<Projection> projections;
  for (const Event& e : sink.Events()) {
    if (const auto* p = std::get_if<Projection>(&e)) projections.push_back(*p);
  }
  ASSERT_EQ(projections.size(), 3u);
  EXPECT_EQ(projections[0].what, "data");
  EXPECT_EQ(projections[0].xy.size(), 2 * projections[0].labels.size());
  EXPECT_GT(projections[0].labels.size(), 100u);  // the training rows
  EXPECT_EQ(projections[1].what, "hidden");
  EXPECT_EQ(projections[1].epoch, 2);
  EXPECT_EQ(projections[2].epoch, 4);
  EXPECT_EQ(projections[2].labels.size(), 15u);  // iris validation rows (10%)
  EXPECT_EQ(projections[2].explained_variance_ratio.size(), 2u);
  EXPECT_NE(projections[1].xy, projections[2].xy);  // the hidden layer moved
}

}  // namespace pipeline_test
}  // namespace optiscope
