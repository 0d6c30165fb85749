// Decision regions in the PCA plane: the region under each projected iris row is the class the
// model predicts for that row, the grid and bounds are consistent, and errors are reported.
#include "engine/inspect/decision_regions.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/data/builtin_datasets.h"
#include "engine/data/data_source.h"
#include "engine/train/experiment.h"

namespace optiscope {
namespace decision_regions_test {

ExperimentConfig IrisConfig(ModelType model) {
  ExperimentConfig config;
  config.data.source = "iris";
  config.model.type = model;
  config.model.hidden = {};
  config.training.epochs = 60;
  config.optimizer.type = OptimizerType::kAdam;
  config.optimizer.lr = 0.05;
  return config;
}

// The region cell under point i.
int RegionAt(const Projection& p, size_t i) {
  const float x = p.xy[2 * i], y = p.xy[2 * i + 1];
  const int c =
      static_cast<int>((x - p.region_x_min) / (p.region_x_max - p.region_x_min) * p.region_cols);
  const int r =
      static_cast<int>((y - p.region_y_min) / (p.region_y_max - p.region_y_min) * p.region_rows);
  return p.region_classes[static_cast<size_t>(r) * p.region_cols + c];
}

TEST(DecisionRegions, RegionUnderEachIrisRowIsItsPrediction) {
  RecordingEventSink sink;
  auto run = RunExperiment(IrisConfig(ModelType::kLogistic), sink);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_TRUE(run->status.ok()) << run->status.message();
  auto iris = LoadBuiltinDataset("iris");
  ASSERT_TRUE(iris.ok());
  auto p = ComputeDecisionRegions(run->model, *iris, {.grid = 80});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ASSERT_EQ(p->xy.size(), 300u);
  ASSERT_EQ(p->predictions.size(), 150u);
  ASSERT_EQ(p->region_cols, 80);
  ASSERT_EQ(p->region_rows, 80);
  ASSERT_EQ(p->region_classes.size(), 6400u);
  EXPECT_EQ(p->explained_variance_ratio.size(), 4u);
  EXPECT_GT(p->explained_variance_ratio[0], 0.7);  // standardized iris: PC1 ~73%
  int agree = 0, correct = 0;
  for (size_t i = 0; i < 150; ++i) {
    ASSERT_GE(p->xy[2 * i], p->region_x_min);
    ASSERT_LE(p->xy[2 * i], p->region_x_max);
    ASSERT_GE(p->xy[2 * i + 1], p->region_y_min);
    ASSERT_LE(p->xy[2 * i + 1], p->region_y_max);
    agree += RegionAt(*p, i) == p->predictions[i];
    correct += p->predictions[i] == p->labels[i];
  }
  // The plane keeps ~96% of the variance: the reconstruction mostly keeps the prediction.
  EXPECT_GE(agree, 135) << agree << " of 150";
  EXPECT_GE(correct, 135) << "the model itself should fit iris";
  // All three classes own some region.
  for (int k = 0; k < 3; ++k) {
    EXPECT_NE(std::find(p->region_classes.begin(), p->region_classes.end(), k),
              p->region_classes.end());
  }
}

TEST(DecisionRegions, ClassicModelsPredictThroughTheSamePath) {
  ExperimentConfig config = IrisConfig(ModelType::kKnn);
  RecordingEventSink sink;
  const Status st = RunDecisionRegions(config, sink, {}, {.grid = 20});
  ASSERT_TRUE(st.ok()) << st.ToString();
  std::vector<Projection> projections;
  for (const Event& e : sink.Events()) {
    if (const auto* p = std::get_if<Projection>(&e)) projections.push_back(*p);
  }
  ASSERT_EQ(projections.size(), 1u);
  const Projection& p = projections.front();
  EXPECT_EQ(p.region_classes.size(), 400u);
  int agree = 0;
  for (size_t i = 0; i < 150; ++i) agree += RegionAt(p, i) == p.predictions[i];
  EXPECT_GE(agree, 135) << agree << " of 150";
}

TEST(DecisionRegions, RegressionGetsErrorsAndNoRegions) {
  ExperimentConfig config;
  config.data.source = "synthetic";
  config.data.synthetic.kind = SyntheticKind::kLinear;
  config.data.synthetic.features = 3;
  config.model.type = ModelType::kLinear;
  config.model.hidden = {};
  config.training.epochs = 20;
  RecordingEventSink sink;
  auto run = RunExperiment(config, sink);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  auto data = LoadDataset(config.data);
  ASSERT_TRUE(data.ok());
  auto p = ComputeDecisionRegions(run->model, *data);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_TRUE(p->region_classes.empty());
  EXPECT_TRUE(p->predictions.empty());
  ASSERT_EQ(p->errors.size(), static_cast<size_t>(data->NumRows()));
  for (float e : p->errors) ASSERT_TRUE(std::isfinite(e));
}

TEST(DecisionRegions, MismatchedColumnsAreAnError) {
  RecordingEventSink sink;
  auto run = RunExperiment(IrisConfig(ModelType::kLogistic), sink);
  ASSERT_TRUE(run.ok());
  Dataset two = *LoadBuiltinDataset("iris");
  two.X = two.X.leftCols(2).eval();
  auto p = ComputeDecisionRegions(run->model, two);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("expects 4 feature columns"), std::string::npos);
}

}  // namespace decision_regions_test
}  // namespace optiscope
