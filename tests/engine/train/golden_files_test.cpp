// Golden files (issue 13): a model file, a compressed model and a study database written by the
// code of 2026-12-06 (tests/fixtures/golden/make_golden.sh) must stay readable, with the same
// predictions and trials, so that a format change cannot silently orphan users' files.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/compress/compressed_model_file.h"
#include "engine/compress/evaluate_compressed.h"
#include "engine/data/data_source.h"
#include "engine/search/storage.h"
#include "engine/train/evaluate_saved.h"
#include "engine/train/model_file.h"

namespace optiscope {
namespace {

const std::string kGolden = std::string(OPTISCOPE_FIXTURES_DIR) + "/golden/";

Dataset Iris() {
  DataConfig config;
  config.source = "iris";
  auto data = LoadDataset(config);
  EXPECT_TRUE(data.ok());
  return *data;
}

TEST(GoldenFilesTest, ModelFileReadsAndPredictsAsWhenWritten) {
  auto loaded = LoadTrainedModel(kGolden + "iris_mlp.osm");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->model.num_inputs, 4);
  EXPECT_EQ(loaded->model.class_names,
            (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
  auto report = EvaluateOnDataset(loaded->model, loaded->config, Iris(), "all");
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->rows, 150);
  EXPECT_NEAR(report->accuracy, GOLDEN_OSM_ACCURACY, 1e-12);
}

TEST(GoldenFilesTest, CompressedModelReadsAndPredictsAsWhenWritten) {
  auto model = LoadCompressedModel(kGolden + "iris_mlp.optq");
  ASSERT_TRUE(model.ok()) << model.status().message();
  EXPECT_EQ(model->num_inputs, 4);
  EXPECT_EQ(model->num_outputs, 3);
  auto report = EvaluateCompressedOnDataset(*model, Iris(), "all");
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_NEAR(report->accuracy, GOLDEN_OPTQ_ACCURACY, 1e-12);
}

TEST(GoldenFilesTest, StudyDatabaseOpensWithItsTrials) {
  // A copy: opening may migrate the schema, and the committed file must stay as written.
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "golden_db";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "study.db").string();
  std::filesystem::copy_file(kGolden + "study.db", db);
  auto store = OpenSqliteStudyStore(db);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto studies = (*store)->ListStudies();
  ASSERT_TRUE(studies.ok()) << studies.status().message();
  ASSERT_EQ(studies->size(), 1u);
  EXPECT_EQ(studies->front().name, "golden-branin");
  auto trials = (*store)->Trials("golden-branin");
  ASSERT_TRUE(trials.ok()) << trials.status().message();
  ASSERT_EQ(trials->size(), 6u);
  EXPECT_EQ((*trials)[0].state, TrialState::kComplete);
  ASSERT_EQ((*trials)[0].values.size(), 1u);
  EXPECT_NEAR((*trials)[0].values[0], GOLDEN_FIRST_VALUE, 1e-9);
  store->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace optiscope
