// MLP accuracy parity with scikit-learn's MLPClassifier on iris, wine, breast_cancer and digits:
// same train/test rows as the classic parity test (tests/fixtures/sklearn_parity/parity.json),
// same architecture and training settings (one hidden layer of 100 ReLU units, Adam 1e-3, batch
// 200, sklearn's max_iter as the epoch budget (200; iris 1000), L2 alpha 1e-4 scaled as sklearn does), sklearn's mean test accuracy over seeds
// 0..4 from mlp_parity.json (make_mlp_fixtures.py). Ours, averaged over the same number of seeds,
// must be within 2 points.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/data/builtin_datasets.h"
#include "engine/data/preprocessing.h"
#include "engine/losses/loss_factory.h"
#include "engine/models/model_factory.h"
#include "engine/optim/update_rule.h"
#include "engine/train/metrics.h"
#include "engine/train/trainer.h"

namespace optiscope {
namespace mlp_parity_test {

constexpr double kTolerance = 0.02;

nlohmann::json Load(const std::string& file) {
  std::ifstream in(std::string(OPTISCOPE_FIXTURES_DIR) + "/sklearn_parity/" + file);
  return nlohmann::json::parse(in);
}

void CheckDataset(const std::string& name) {
  static const nlohmann::json splits = Load("parity.json")["datasets"];
  static const nlohmann::json mlp = Load("mlp_parity.json");
  double reference = -1;
  int epochs = 0;
  for (const auto& r : mlp["results"]) {
    if (r["dataset"] == name) {
      reference = r["sklearn_accuracy"];
      epochs = r["max_iter"];
    }
  }
  ASSERT_GE(reference, 0.0);
  Result<Dataset> data = LoadBuiltinDataset(name);
  ASSERT_TRUE(data.ok());
  const std::vector<int> train = splits[name]["train"], test = splits[name]["test"];
  Dataset tr = data->Subset(train), te = data->Subset(test);
  Preprocessor pre(Imputation::kMean, Scaling::kStandardize);
  pre.Fit(tr.X);
  pre.Transform(&tr.X);
  pre.Transform(&te.X);

  ModelConfig model_config;
  model_config.type = ModelType::kMlp;
  model_config.hidden = {100};
  const int outputs = NumModelOutputs(TaskKind::kClassification, data->NumClasses());
  auto model = MakeModel(model_config, data->NumFeatures(), outputs, TaskKind::kClassification);
  ASSERT_TRUE(model.ok());
  auto loss = MakeLoss(LossConfig{}, TaskKind::kClassification);
  ASSERT_TRUE(loss.ok());
  const std::vector<int> seeds = mlp["seeds"];
  double accuracy = 0;
  for (int seed : seeds) {
    auto rule = MakeUpdateRule(DefaultOptimizerConfig(OptimizerType::kAdam));
    ASSERT_TRUE(rule.ok());
    TrainerOptions options;
    options.epochs = epochs;  // sklearn's max_iter for this dataset
    options.batch_size = 200;
    options.seed = seed;
    options.learning_rate = 1e-3;
    // sklearn adds alpha/2 * ||W||^2 / n_train to the mean loss; ours adds (l2/2) * ||W||^2.
    options.regularization.l2 = 1e-4 / static_cast<double>(tr.NumRows());
    std::vector<Scalar> params((*model)->NumParameters());
    Rng init = Rng(seed).Fork(0);
    (*model)->Initialize(params, init);
    Trainer trainer(**model, **loss, **rule, options);
    NullEventSink sink;
    const TrainOutcome outcome = trainer.Train(tr.X, tr.y, Mat(0, tr.X.cols()), Vec(0), params, sink);
    ASSERT_TRUE(outcome.status.ok()) << outcome.status.message();
    accuracy += EvaluateModel(**model, params, **loss, te.X, te.y, TaskKind::kClassification)
                    .accuracy;
  }
  accuracy /= static_cast<double>(seeds.size());
  EXPECT_NEAR(accuracy, reference, kTolerance)
      << name << ": optiscope " << accuracy << " vs scikit-learn " << reference;
}

TEST(MlpParityTest, Iris) { CheckDataset("iris"); }
TEST(MlpParityTest, Wine) { CheckDataset("wine"); }
TEST(MlpParityTest, BreastCancer) { CheckDataset("breast_cancer"); }
TEST(MlpParityTest, Digits) { CheckDataset("digits"); }

}  // namespace mlp_parity_test
}  // namespace optiscope
