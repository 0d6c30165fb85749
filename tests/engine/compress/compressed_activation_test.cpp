// Compressed MLPs with leaky_relu and gelu hidden layers: float32 "compression" reproduces the
// trained model exactly (the .optq path once computed these activations as the identity), the
// slope survives the file round trip, and int8 keeps the accuracy.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/compress/compress_evaluate.h"
#include "engine/compress/compressed_model.h"
#include "engine/compress/compressed_model_file.h"
#include "engine/train/experiment.h"

namespace optiscope {
namespace compressed_activation_test {

struct Trained {
  ExperimentConfig config;
  RunResult run;
  CompressionData data;
};

Trained TrainIris(Activation activation, double slope) {
  Trained t;
  t.config = DemoConfig();
  t.config.data.source = "iris";
  t.config.model.hidden = {16};
  t.config.model.activation = activation;
  t.config.model.negative_slope = slope;
  t.config.training.epochs = 40;
  NullEventSink sink;
  auto run = RunExperiment(t.config, sink);
  EXPECT_TRUE(run.ok()) << run.status().ToString();
  t.run = std::move(*run);
  auto data = PrepareCompressionData(t.config.data, t.run.model);
  EXPECT_TRUE(data.ok()) << data.status().ToString();
  t.data = std::move(*data);
  return t;
}

CompressionSettings Bits(double bits) {
  CompressionSettings s;
  s.bits = bits;
  s.activation_bits = 0;  // float activations: every activation goes through ActivateHidden
  s.latency_repeats = 0;
  return s;
}

TEST(CompressedActivationTest, ScalarActivationsMatchTheirDefinitions) {
  EXPECT_FLOAT_EQ(ActivateHidden(Activation::kLeakyRelu, -2.0f, 0.2f), -0.4f);
  EXPECT_FLOAT_EQ(ActivateHidden(Activation::kLeakyRelu, 3.0f, 0.2f), 3.0f);
  // torch.nn.functional.gelu(torch.tensor([1.0, -0.5])) = [0.8413447, -0.1542687]
  EXPECT_NEAR(ActivateHidden(Activation::kGelu, 1.0f, 0.01f), 0.8413447f, 1e-6);
  EXPECT_NEAR(ActivateHidden(Activation::kGelu, -0.5f, 0.01f), -0.1542687f, 1e-6);
}

TEST(CompressedActivationTest, LeakyReluAndGeluModelsCompressFaithfully) {
  for (const auto& [activation, slope] :
       std::vector<std::pair<Activation, double>>{{Activation::kLeakyRelu, 0.3},
                                                  {Activation::kGelu, 0.01}}) {
    SCOPED_TRACE(EnumName(activation));
    const Trained t = TrainIris(activation, slope);
    auto base = CompressAndEvaluate(t.run.model, Bits(32), t.data);
    ASSERT_TRUE(base.ok()) << base.status().ToString();
    EXPECT_NEAR(base->accuracy, t.run.test.accuracy, 1e-12);
    auto q = CompressTrainedModel(t.run.model, Bits(8), t.data);
    ASSERT_TRUE(q.ok()) << q.status().ToString();
    auto back = ParseCompressedModel(SerializeCompressedModel(q->model));
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->activation, q->model.activation);
    EXPECT_FLOAT_EQ(back->negative_slope, static_cast<float>(slope));
    const Mat a = q->model.Forward(t.data.X_test), b = back->Forward(t.data.X_test);
    EXPECT_EQ((a - b).cwiseAbs().maxCoeff(), 0.0f);
    auto q_eval = CompressAndEvaluate(t.run.model, Bits(8), t.data);
    ASSERT_TRUE(q_eval.ok());
    EXPECT_GE(q_eval->accuracy, base->accuracy - 0.034);  // at most one of 30 test rows
  }
}

}  // namespace compressed_activation_test
}  // namespace optiscope
