// Model files with a features pipeline (payload version 2): the fitted extract -> select -> reduce
// state round-trips, predictions and the test accuracy of the loaded model equal the training
// run's, version 1 payloads still load, and damaged pipeline state is rejected with a message.
#include <gtest/gtest.h>

#include "engine/data/data_source.h"
#include "engine/features/feature_pipeline_io.h"
#include "engine/train/evaluate_saved.h"
#include "engine/train/experiment.h"
#include "engine/train/model_file.h"

namespace optiscope {
namespace model_file_features_test {

ExperimentConfig PipelineConfig() {
  ExperimentConfig c;
  c.data.source = "wine";
  c.data.scaling = Scaling::kStandardize;
  c.features.select.method = SelectMethod::kKBest;
  c.features.select.score = SelectScore::kAnova;
  c.features.select.k = 2;
  c.features.pca.method = ReduceMethod::kPca;
  c.features.pca.n_components = 2;
  c.model.hidden = {8};
  c.training.epochs = 30;
  c.optimizer.lr = 0.01;
  return c;
}

TEST(ModelFileFeaturesTest, PipelineRoundTripsAndEvaluatesLikeTraining) {
  const ExperimentConfig config = PipelineConfig();
  NullEventSink sink;
  auto run = RunExperiment(config, sink);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_TRUE(run->model.features);
  const std::string bytes = EncodeTrainedModel(run->model, config);
  EXPECT_NE(bytes.find("\"payload_version\":2"), std::string::npos);
  auto loaded = DecodeTrainedModel(bytes, "mem");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const auto& f = loaded->model.features;
  ASSERT_TRUE(f);
  EXPECT_EQ(f->NumInputs(), 13);
  EXPECT_EQ(f->NumOutputs(), 2);
  EXPECT_EQ(f->selector().selected(), run->model.features->selector().selected());
  ASSERT_TRUE(f->pca());
  EXPECT_EQ(f->pca()->components(), run->model.features->pca()->components());
  EXPECT_EQ(f->pca()->mean(), run->model.features->pca()->mean());

  auto data = LoadDataset(config.data);
  ASSERT_TRUE(data.ok());
  auto a = PredictOutputs(run->model, data->X), b = PredictOutputs(loaded->model, data->X);
  ASSERT_TRUE(a.ok() && b.ok()) << b.status().ToString();
  EXPECT_EQ(*a, *b);
  auto report = EvaluateOnDataset(loaded->model, loaded->config, *data, "test");
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->accuracy, run->test.accuracy);
  EXPECT_GT(report->accuracy, 0.8);  // two PCA components of the two best columns separate wine
}

TEST(ModelFileFeaturesTest, ExtractorAndKernelPcaStateRoundTrips) {
  ExperimentConfig config = PipelineConfig();
  config.data.source = "iris";
  config.features.extract.method = ExtractMethod::kYeoJohnson;
  config.features.select.method = SelectMethod::kNone;
  config.features.pca.method = ReduceMethod::kKpca;
  config.features.pca.n_components = 3;
  config.model.type = ModelType::kLogistic;
  config.model.hidden = {};
  NullEventSink sink;
  auto run = RunExperiment(config, sink);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  auto loaded = DecodeTrainedModel(EncodeTrainedModel(run->model, config), "mem");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  auto data = LoadDataset(config.data);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(run->model.features->Transform(data->X), loaded->model.features->Transform(data->X));
  EXPECT_EQ(loaded->model.features->extractor().lambdas(),
            run->model.features->extractor().lambdas());
  auto a = PredictOutputs(run->model, data->X), b = PredictOutputs(loaded->model, data->X);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST(ModelFileFeaturesTest, VersionOnePayloadsStillLoadAndBadStateIsRejected) {
  ExperimentConfig plain;
  plain.data.source = "iris";
  plain.model.hidden = {4};
  plain.training.epochs = 2;
  NullEventSink sink;
  auto run = RunExperiment(plain, sink);
  ASSERT_TRUE(run.ok());
  nlohmann::json payload = TrainedModelHeaderJson(run->model, plain);
  payload["payload_version"] = 1;  // as written before the features pipeline was stored
  payload["parameters"] = {{"dtype", "float32"},
                           {"encoding", "base64-le"},
                           {"count", run->model.parameters.size()},
                           {"data", EncodeFloats(run->model.parameters)}};
  auto old = DecodeTrainedModel(EncodeModelFile("dense", payload), "old.osm");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_FALSE(old->model.features);
  EXPECT_EQ(old->model.parameters, run->model.parameters);
  payload["payload_version"] = 3;
  auto future = DecodeTrainedModel(EncodeModelFile("dense", payload), "new.osm");
  ASSERT_FALSE(future.ok());
  EXPECT_NE(future.status().message().find("payload version 3 is not supported"),
            std::string::npos);

  const ExperimentConfig config = PipelineConfig();
  auto with = RunExperiment(config, sink);
  ASSERT_TRUE(with.ok());
  nlohmann::json state = FeaturePipelineToJson(*with->model.features);
  state["pca"]["components"]["cols"] = 3;  // no longer matches the 2 selected columns
  state["pca"]["components"]["data"].push_back(0.0);
  state["pca"]["components"]["data"].push_back(0.0);
  auto bad = FeaturePipelineFromJson(state, config.features);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("features: "), std::string::npos);
  state.erase("select");
  auto missing = FeaturePipelineFromJson(state, config.features);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kParseError);
}

}  // namespace model_file_features_test
}  // namespace optiscope
