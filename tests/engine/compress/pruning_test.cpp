// Pruning: exact sparsity (layer-wise and global), the polynomial schedule, structured pruning
// keeping kept neurons' outputs identical, fine-tuned 70% sparsity, QAT beating PTQ at int4.
#include "engine/compress/pruning.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/compress/compress_evaluate.h"
#include "engine/compress/sweep.h"
#include "engine/models/dense_network.h"
#include "engine/models/model_factory.h"
#include "tests/engine/compress/compression_fixture.h"

namespace optiscope {
namespace pruning_test {

using testing::Digits;

TEST(PruningTest, MagnitudePruningHitsExactSparsityPerLayerAndGlobally) {
  const auto& d = Digits();
  auto model = MakeModel(d.run.model.model, 64, 10, TaskKind::kClassification);
  ASSERT_TRUE(model.ok());
  const auto ranges = (*model)->WeightRanges();
  std::vector<float> p = d.run.model.parameters;
  p[ranges[0].offset] = p[ranges[0].offset + 1] = 0.0f;  // ties at zero are still counted
  const PruneMask layer = MagnitudeMask(p, ranges, 0.7, PruneScope::kLayer);
  long long total_zero = 0, total = 0;
  for (const ParamRange& r : ranges) {
    int zeros = 0;
    for (int i = 0; i < r.size; ++i) zeros += layer[r.offset + i] == 0;
    EXPECT_EQ(zeros, static_cast<int>(std::floor(0.7 * r.size)));
    total_zero += zeros;
    total += r.size;
  }
  const PruneMask global = MagnitudeMask(p, ranges, 0.7, PruneScope::kGlobal);
  long long gz = 0;
  for (uint8_t m : global) gz += m == 0;
  EXPECT_EQ(gz, static_cast<long long>(std::floor(0.7 * total)));
  EXPECT_LE(total_zero, gz);  // the sum of per-layer floors never exceeds the global floor
  // Global keeps the largest magnitudes: every kept weight >= every pruned one.
  float max_pruned = 0, min_kept = 1e9f;
  for (const ParamRange& r : ranges)
    for (int i = 0; i < r.size; ++i) {
      const float a = std::fabs(p[r.offset + i]);
      if (global[r.offset + i]) min_kept = std::min(min_kept, a);
      else max_pruned = std::max(max_pruned, a);
    }
  EXPECT_LE(max_pruned, min_kept);
  ApplyMask(p, global);
  EXPECT_NEAR(WeightSparsity(p, ranges), static_cast<double>(gz) / total, 1e-12);
}

TEST(PruningTest, PolynomialScheduleFollowsZhuAndGupta) {
  EXPECT_DOUBLE_EQ(PolynomialSparsity(0, 0, 100, 0.0, 0.8), 0.0);
  EXPECT_DOUBLE_EQ(PolynomialSparsity(50, 0, 100, 0.0, 0.8), 0.8 - 0.8 * 0.125);
  EXPECT_DOUBLE_EQ(PolynomialSparsity(100, 0, 100, 0.0, 0.8), 0.8);
  EXPECT_DOUBLE_EQ(PolynomialSparsity(500, 0, 100, 0.1, 0.8), 0.8);
  EXPECT_DOUBLE_EQ(PolynomialSparsity(-5, 10, 100, 0.1, 0.8), 0.1);
}

TEST(PruningTest, StructuredPruningShrinksLayersAndKeepsKeptNeuronsIdentical) {
  const auto& d = Digits();
  auto pruned = PruneNeurons(d.run.model, 0.25, NeuronNorm::kL1);
  ASSERT_TRUE(pruned.ok());
  EXPECT_EQ(pruned->model.hidden, (std::vector<int>{96, 48}));
  auto small = MakeModel(pruned->model, 64, 10, TaskKind::kClassification);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ((*small)->NumParameters(), static_cast<int>(pruned->parameters.size()));
  // First hidden layer outputs: the kept neurons (in order) equal the original's bit for bit.
  DenseNetworkOptions o1{{64, 128}, Activation::kRelu, 0.0, 0.01, "mlp"};
  DenseNetworkOptions p1{{64, 96}, Activation::kRelu, 0.0, 0.01, "mlp"};
  DenseNetwork<float> full(o1), part(p1);
  const Mat& X = d.data.X_test;
  auto ws_full = full.MakeWorkspace(static_cast<int>(X.rows()));
  auto ws_part = part.MakeWorkspace(static_cast<int>(X.rows()));
  const Mat a = full.Forward(std::span<const float>(d.run.model.parameters.data(), 64 * 128 + 128),
                             View(X), *ws_full, nullptr);
  const Mat b = part.Forward(std::span<const float>(pruned->parameters.data(), 64 * 96 + 96),
                             View(X), *ws_part, nullptr);
  // Recover which neurons were kept: those whose incoming weights appear in the pruned model.
  int matched = 0;
  for (int j = 0, k = 0; j < 128 && k < 96; ++j) {
    if (d.run.model.parameters[j] == pruned->parameters[k] &&
        d.run.model.parameters[128 + j] == pruned->parameters[96 + k]) {
      EXPECT_EQ((a.col(j) - b.col(k)).cwiseAbs().maxCoeff(), 0.0f);
      ++matched;
      ++k;
    }
  }
  EXPECT_EQ(matched, 96);
  // The smaller model still classifies (no fine-tuning): well above chance.
  CompressionSettings s;
  s.bits = 32;
  s.latency_repeats = 0;
  auto m = CompressAndEvaluate(*pruned, s, d.data);
  ASSERT_TRUE(m.ok());
  EXPECT_GT(m->accuracy, 0.8);
  EXPECT_FALSE(PruneNeurons(d.run.model, 1.0, NeuronNorm::kL2).ok());
}

TEST(PruningTest, SeventyPercentWithFineTuningLosesAtMostOnePointAndIsTenTimesSmallerAtInt8) {
  const auto& d = Digits();
  CompressionSettings s;
  s.bits = 32;
  s.sparsity = 0.7;
  s.latency_repeats = 0;
  s.fine.epochs = 8;
  auto r = CompressTrainedModel(d.run.model, s, d.data);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NEAR(r->metrics.sparsity, std::floor(0.7 * 8192) * 2 / 17024 + std::floor(0.7 * 640) / 17024, 1e-3);
  EXPECT_GE(r->metrics.accuracy, d.run.test.accuracy - 0.01);
  CompressionSettings q;  // W8A8 per tensor: per-channel scale bytes would cost ~0.3x here
  q.bits = 8;
  q.per_channel = false;
  q.latency_repeats = 0;
  auto both = CompressAndEvaluate(r->tuned, q, d.data);
  ASSERT_TRUE(both.ok());
  EXPECT_GE(both->accuracy, d.run.test.accuracy - 0.015);
  EXPECT_GE(static_cast<double>(both->float_bytes) / both->bytes, 10.0) << both->bytes;
}

TEST(QatTest, QuantizationAwareTrainingBeatsPostTrainingQuantizationAtInt4) {
  const auto& d = Digits();
  // Per-tensor int4 (one scale per layer): post-training quantization loses accuracy here.
  CompressionSettings s;
  s.bits = 4;
  s.per_channel = false;
  s.latency_repeats = 0;
  auto ptq = CompressAndEvaluate(d.run.model, s, d.data);
  s.qat = true;
  s.fine.epochs = 4;
  s.fine.learning_rate = 3e-4;
  auto qat = CompressAndEvaluate(d.run.model, s, d.data);
  ASSERT_TRUE(ptq.ok() && qat.ok());
  EXPECT_GT(qat->accuracy, ptq->accuracy + 0.005);
  // Per-channel int4 with QAT: within 1.5 points of the float model.
  s.per_channel = true;
  auto channel = CompressAndEvaluate(d.run.model, s, d.data);
  ASSERT_TRUE(channel.ok());
  EXPECT_GE(channel->accuracy, d.run.test.accuracy - 0.015);
}

TEST(SweepTest, PublishesEveryPointWithParetoFlagsAndStopsWhenAsked) {
  const auto& d = Digits();
  SweepOptions o;
  o.bits = {32, 8, 1};
  o.base.latency_repeats = 1;
  o.base.latency_rows = 64;
  RecordingEventSink sink;
  auto points = RunSweep(d.run.model, d.data, o, sink);
  ASSERT_TRUE(points.ok());
  ASSERT_EQ(points->size(), 3u);
  const auto events = sink.Events();
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(std::get<SweepStarted>(events[0]).total_points, 3);
  EXPECT_EQ(std::get<SweepStarted>(events[0]).weights_before.size(), 3u);
  const auto& p8 = std::get<SweepPoint>(events[2]);
  EXPECT_EQ(p8.bits, 8);
  EXPECT_EQ(p8.weights_after.size(), 3u);
  EXPECT_GT(p8.latency_ms, 0.0);
  const auto& done = std::get<SweepFinished>(events[4]);
  EXPECT_EQ(done.status, RunEnd::kOk);
  ASSERT_EQ(done.points.size(), 3u);
  // int8 is smaller than float with (nearly) the same accuracy; binary is smallest.
  EXPECT_TRUE(done.points[2].pareto);
  EXPECT_TRUE(done.points[1].pareto);
  EXPECT_EQ(done.points[0].pareto, done.points[0].accuracy > done.points[1].accuracy);

  std::stop_source stop;
  stop.request_stop();
  RecordingEventSink cancelled;
  auto none = RunSweep(d.run.model, d.data, o, cancelled, stop.get_token());
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(std::get<SweepFinished>(cancelled.Events().back()).status, RunEnd::kCancelled);
}

}  // namespace pruning_test
}  // namespace optiscope
