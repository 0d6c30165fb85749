// Model files and configurations from someone else (issue 13): counts are cross-checked before
// anything is indexed, sizes against an int parameter count and the memory budget, nesting
// against the JSON depth limit; and "gd" is the full-batch method the docs promise.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "engine/config/config_json.h"
#include "engine/core/utf8.h"
#include "engine/data/data_source.h"
#include "engine/models/model_factory.h"
#include "engine/train/evaluate_saved.h"
#include "engine/train/experiment.h"
#include "engine/train/model_file.h"
#include "tests/fuzz/fuzz_support.h"

namespace optiscope {
namespace hostile_model_test {

RunResult Train(const ExperimentConfig& c) {
  NullEventSink sink;
  auto r = RunExperiment(c, sink);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return *r;
}

ExperimentConfig Iris() {
  ExperimentConfig c;
  c.data.source = "iris";
  c.model.hidden = {4};
  c.training.epochs = 2;
  return c;
}

TEST(HostileModelTest, AClassListShorterThanTheOutputsIsRefused) {
  const ExperimentConfig c = Iris();
  const RunResult run = Train(c);
  auto contents = DecodeModelFile(EncodeTrainedModel(run.model, c), "m.osm");
  ASSERT_TRUE(contents.ok());
  nlohmann::json payload = contents->payload;
  payload["class_names"].erase(payload["class_names"].size() - 1);  // 2 names, 3 outputs
  auto loaded = DecodeTrainedModel(EncodeModelFile("dense", payload), "m.osm");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(), "m.osm: model file: 2 class names for 3 outputs");
  // And evaluation checks again: outputs and classes must agree before the confusion matrix.
  auto data = LoadDataset(c.data);
  ASSERT_TRUE(data.ok());
  const ModelSignature signature{TaskKind::kClassification, data->feature_names,
                                 {"setosa", "versicolor"}};
  const Mat outputs = Mat::Zero(data->NumRows(), 3);
  auto report = ReportOfOutputs(signature, *data, outputs, true, true);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().message().find("3 outputs but 2 class names"), std::string::npos)
      << report.status().message();
}

// Fuzz finding model/nan_scores_hang (tests/fuzz/findings/model/): a model whose outputs are NaN
// made evaluate loop forever in the ROC AUC's tie loop. It now returns (NaN AUC) promptly.
TEST(HostileModelTest, AModelWithNanOutputsEvaluatesAndReturns) {
  std::ifstream in(std::string(OPTISCOPE_SOURCE_DIR) +
                       "/tests/fuzz/findings/model/nan_scores_hang.osm",
                   std::ios::binary);
  ASSERT_TRUE(in.good());
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  auto loaded = DecodeTrainedModel(bytes, "nan_scores_hang.osm");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const Dataset data = fuzz::ProbeDataset(loaded->model.task, loaded->model.feature_names,
                                          loaded->model.class_names);
  auto report = EvaluateOnDataset(loaded->model, loaded->config, data, "all");
  if (report.ok() && report->classification) {
    EXPECT_TRUE(std::isnan(report->roc_auc));
  }
}

TEST(HostileModelTest, AnEstimatorForOtherFeaturesIsRefused) {
  ExperimentConfig iris = Iris();
  iris.model.type = ModelType::kKnn;
  iris.model.hidden.clear();
  ExperimentConfig wine = iris;
  wine.data.source = "wine";
  auto iris_file = DecodeModelFile(EncodeTrainedModel(Train(iris).model, iris), "iris.osm");
  auto wine_file = DecodeModelFile(EncodeTrainedModel(Train(wine).model, wine), "wine.osm");
  ASSERT_TRUE(iris_file.ok() && wine_file.ok());
  nlohmann::json payload = iris_file->payload;
  payload["estimator"] = wine_file->payload["estimator"];  // consistent in itself: 13 features
  auto loaded = DecodeTrainedModel(EncodeModelFile("classic", payload), "m.osm");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().message(), "m.osm: the estimator takes 13 features, the model has 4 inputs");
}

TEST(HostileModelTest, PipelineTermsOutOfRangeAreRefused) {
  ExperimentConfig c = Iris();
  c.features.extract.method = ExtractMethod::kPolynomial;
  const RunResult run = Train(c);
  auto contents = DecodeModelFile(EncodeTrainedModel(run.model, c), "m.osm");
  ASSERT_TRUE(contents.ok());
  nlohmann::json payload = contents->payload;
  ASSERT_TRUE(payload["features"]["extract"]["terms"].is_array());
  payload["features"]["extract"]["terms"][1] = {0, 99};  // column 99 of 4
  auto loaded = DecodeTrainedModel(EncodeModelFile("dense", payload), "m.osm");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("a term names a column out of range"), std::string::npos)
      << loaded.status().message();
  payload = contents->payload;
  payload["features"]["extract"]["terms"].erase(0);  // one term fewer than the outputs
  loaded = DecodeTrainedModel(EncodeModelFile("dense", payload), "m.osm");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("terms do not match the outputs"), std::string::npos)
      << loaded.status().message();
}

TEST(HostileModelTest, NetworkSizesAreCheckedBeforeAllocating) {
  ModelConfig m;
  m.type = ModelType::kMlp;
  m.hidden = {65536, 65536};  // 4.3e9 parameters: the int count wrapped, then a segfault
  auto wrapped = MakeModel(m, 4, 3, TaskKind::kClassification);
  ASSERT_FALSE(wrapped.ok());
  EXPECT_NE(wrapped.status().message().find("4.3e+09 parameters; at most 2147483647"),
            std::string::npos)
      << wrapped.status().message();
  m.hidden = {1073741824};
  EXPECT_FALSE(MakeModel(m, 4, 3, TaskKind::kClassification).ok());
  ::setenv("OPTISCOPE_MEMORY_BUDGET", "23500000000", 1);
  m.hidden = {100000, 100000};  // 1e10 parameters would be 40 GB: bad_alloc before
  auto big = MakeModel(m, 4, 3, TaskKind::kClassification);
  m.hidden = {20000, 20000};  // 4e8 parameters, 8 GB with gradient and optimizer state
  auto fits = CheckDenseNetworkSize({4, 20000, 20000, 3});
  auto too_big = CheckDenseNetworkSize({64, 40000, 40000, 10});  // 1.6e9 parameters: 32.7 GB
  ::unsetenv("OPTISCOPE_MEMORY_BUDGET");
  ASSERT_FALSE(big.ok());
  EXPECT_TRUE(fits.ok()) << fits.message();
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.message(), "this model needs 32.7 GB; the machine has 23.5 GB");
}

TEST(HostileModelTest, DeepConfigurationsAreRefusedWithTheLimit) {
  const std::string deep = "{\"data\": " + std::string(100000, '[');  // segfaulted before
  auto r = ParseExperimentConfig(deep, "run.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "run.json:1:137: JSON nests deeper than 128 levels (the limit)");
}

TEST(HostileModelTest, Latin1ColumnNamesAndLabelsSaveAsUtf8) {
  const auto dir = std::filesystem::path(::testing::TempDir()) / "latin1_model";
  std::filesystem::create_directories(dir);
  const std::string csv = (dir / "latin1.csv").string();
  {
    std::ofstream out(csv, std::ios::binary);
    out << "taille,\xE2ge,couleur\n";  // "âge"
    for (int i = 0; i < 40; ++i) {
      out << i % 7 << "," << (i * 3) % 11 << "," << (i % 2 ? "vert" : "bleu\xE2tre") << "\n";
    }
  }
  ExperimentConfig c;
  c.data.source = csv;
  c.model.hidden = {4};
  c.training.epochs = 1;
  const RunResult run = Train(c);
  EXPECT_EQ(run.model.feature_names[1], "\xC3\xA2ge");
  const std::string path = (dir / "m.osm").string();
  ASSERT_TRUE(SaveTrainedModel(run.model, c, path).ok());  // threw before
  auto loaded = LoadTrainedModel(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  for (const std::string& name : loaded->model.class_names) EXPECT_TRUE(IsValidUtf8(name));
  std::filesystem::remove_all(dir);
}

TEST(HostileModelTest, GdIsFullBatchWhateverTheBatchSize) {
  ExperimentConfig c = Iris();
  c.optimizer = DefaultOptimizerConfig(OptimizerType::kGd);
  c.training.batch_size = 32;
  const RunResult gd32 = Train(c);
  c.training.batch_size = 0;
  const RunResult gd_full = Train(c);
  c.optimizer = DefaultOptimizerConfig(OptimizerType::kSgd);
  c.training.batch_size = 32;
  const RunResult sgd32 = Train(c);
  EXPECT_EQ(gd32.model.parameters, gd_full.model.parameters);
  EXPECT_NE(gd32.model.parameters, sgd32.model.parameters);  // identical to sgd before
}

}  // namespace hostile_model_test
}  // namespace optiscope
