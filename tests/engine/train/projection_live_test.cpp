// Live projections during training: hidden-layer Projection events with the model's predictions
// reach a recording sink under first-order optimizers and L-BFGS, and the drawing thinning keeps
// every class, outliers and the budget.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "engine/core/rng.h"
#include "engine/features/projection_thinning.h"
#include "engine/models/dense_network.h"
#include "engine/train/experiment.h"
#include "engine/train/projection_publisher.h"

namespace optiscope {
namespace projection_live_test {

std::vector<Projection> Hidden(const RecordingEventSink& sink) {
  std::vector<Projection> out;
  for (const Event& e : sink.Events()) {
    if (const auto* p = std::get_if<Projection>(&e); p != nullptr && p->what == "hidden") {
      out.push_back(*p);
    }
  }
  return out;
}

ExperimentConfig IrisMlp(OptimizerType optimizer) {
  ExperimentConfig config;
  config.data.source = "iris";
  config.model.hidden = {8};
  config.training.epochs = 3;
  config.training.projection_every = 1;
  config.optimizer = DefaultOptimizerConfig(optimizer);
  return config;
}

void ExpectThreeEpochs(const std::vector<Projection>& hidden) {
  ASSERT_EQ(hidden.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(hidden[k].epoch, k + 1);
    EXPECT_EQ(hidden[k].labels.size(), 15u);  // iris validation rows
    ASSERT_EQ(hidden[k].predictions.size(), 15u);
    for (int c : hidden[k].predictions) {
      EXPECT_GE(c, 0);
      EXPECT_LT(c, 3);
    }
  }
  EXPECT_NE(hidden[0].xy, hidden[2].xy);
}

TEST(ProjectionLive, HiddenProjectionsCarryPredictionsUnderAdam) {
  RecordingEventSink sink;
  auto run = RunExperiment(IrisMlp(OptimizerType::kAdam), sink);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ExpectThreeEpochs(Hidden(sink));
}

TEST(ProjectionLive, LbfgsPublishesHiddenProjectionsToo) {
  RecordingEventSink sink;
  auto run = RunExperiment(IrisMlp(OptimizerType::kLbfgs), sink);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_TRUE(run->status.ok()) << run->status.message();
  ExpectThreeEpochs(Hidden(sink));
}

TEST(ProjectionLive, PredictionsMatchTheModelAtTheLastEpoch) {
  ExperimentConfig config = IrisMlp(OptimizerType::kAdam);
  config.training.epochs = 40;
  config.training.projection_every = 40;
  config.data.validation_fraction = 0.2;
  RecordingEventSink sink;
  auto run = RunExperiment(config, sink);
  ASSERT_TRUE(run.ok());
  const auto hidden = Hidden(sink);
  ASSERT_EQ(hidden.size(), 1u);
  int correct = 0;
  for (size_t i = 0; i < hidden[0].labels.size(); ++i) {
    correct += hidden[0].predictions[i] == hidden[0].labels[i];
  }
  // The hook's predictions are the final model's: their accuracy is the validation accuracy.
  EXPECT_NEAR(static_cast<double>(correct) / hidden[0].labels.size(), run->validation.accuracy,
              1e-9);
}

TEST(ProjectionThinning, KeepsEveryClassOutliersAndTheBudget) {
  // 100,000 points: class 0 a dense blob of 90,000, class 1 of 9,990, class 2 ten points, plus
  // one far outlier of class 0 (index 0).
  const int n = 100000;
  std::vector<float> xy(2 * n);
  std::vector<int> groups(n);
  Rng rng(7);
  for (int i = 0; i < n; ++i) {
    groups[i] = i < 90000 ? 0 : (i < 99990 ? 1 : 2);
    xy[2 * i] = static_cast<float>(rng.Normal() + 4.0 * groups[i]);
    xy[2 * i + 1] = static_cast<float>(rng.Normal());
  }
  xy[0] = 60.0f;
  xy[1] = 60.0f;
  const std::vector<int> kept = ThinPoints(xy, groups, 20000);
  ASSERT_LE(kept.size(), 20000u);
  EXPECT_GE(kept.size(), 15000u);
  EXPECT_TRUE(std::is_sorted(kept.begin(), kept.end()));
  EXPECT_EQ(std::set<int>(kept.begin(), kept.end()).size(), kept.size());
  int per_class[3] = {0, 0, 0};
  for (int i : kept) ++per_class[groups[i]];
  EXPECT_EQ(per_class[2], 10);  // a small class is kept whole
  EXPECT_NEAR(per_class[1] / double(per_class[0]), 9990.0 / 90000.0, 0.03);  // proportions
  EXPECT_TRUE(std::binary_search(kept.begin(), kept.end(), 0));              // the outlier survives
  EXPECT_EQ(ThinPoints(xy, groups, 20000), kept);                            // deterministic
  const std::vector<int> all = ThinPoints(std::span<const float>(xy).first(200), {}, 500);
  EXPECT_EQ(all.size(), 100u);
}

TEST(ProjectionLive, HiddenActivationsApplyLeakyReluAndGelu) {
  for (Activation act : {Activation::kLeakyRelu, Activation::kGelu}) {
    DenseNetwork<double> net({.layer_sizes = {2, 3, 2}, .activation = act, .negative_slope = 0.1});
    std::vector<double> params(net.NumParameters());
    Rng rng(3);
    net.Initialize(params, rng);
    MatX<double> X(2, 2);
    X << 1.0, -2.0, -0.5, 0.25;
    const MatX<double> h = net.LastHiddenActivations(params, X);
    const Eigen::Map<const MatX<double>> W(params.data(), 2, 3);
    for (int i = 0; i < 2; ++i) {
      for (int j = 0; j < 3; ++j) {
        const double z = (X.row(i) * W.col(j)).value() + params[6 + j];
        const double want = act == Activation::kLeakyRelu
                                ? (z > 0 ? z : 0.1 * z)
                                : 0.5 * z * (1 + std::erf(z / std::sqrt(2.0)));
        EXPECT_NEAR(h(i, j), want, 1e-12);
      }
    }
  }
}

}  // namespace projection_live_test
}  // namespace optiscope
