// Quantized inference on the digits MLP: integer path vs float simulation, accuracy targets,
// storage sizes, file round trip and refusal of corrupt or truncated files.
#include "engine/compress/compressed_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "engine/compress/compress_evaluate.h"
#include "engine/compress/compressed_model_file.h"
#include "tests/engine/compress/compression_fixture.h"

namespace optiscope {
namespace compressed_model_test {

using testing::Digits;

CompressionSettings Settings(double bits, int activation_bits = 8) {
  CompressionSettings s;
  s.bits = bits;
  s.activation_bits = activation_bits;
  s.latency_repeats = 0;
  return s;
}

TEST(CompressedModelTest, Int8PerChannelW8A8KeepsAccuracyAndIsFourTimesSmaller) {
  const auto& d = Digits();
  auto base = CompressAndEvaluate(d.run.model, Settings(32), d.data);
  auto q = CompressAndEvaluate(d.run.model, Settings(8), d.data);
  ASSERT_TRUE(base.ok() && q.ok());
  EXPECT_NEAR(base->accuracy, d.run.test.accuracy, 1e-12);  // float32 "compression" is exact
  EXPECT_GE(q->accuracy, base->accuracy - 0.005);
  EXPECT_EQ(base->bytes, 4 + 3 * 6 + 4 * 17226);  // layer count, 3 headers, float32 parameters
  EXPECT_GE(static_cast<double>(base->float_bytes) / q->bytes, 3.9);
  EXPECT_EQ(q->layer_error.size(), 3u);
  for (double e : q->layer_error) EXPECT_LT(e, 0.01);
}

TEST(CompressedModelTest, IntegerPathAgreesWithTheFloatSimulationOfTheSameCodes) {
  const auto& d = Digits();
  auto r = CompressTrainedModel(d.run.model, Settings(8), d.data);
  ASSERT_TRUE(r.ok());
  const CompressedModel& m = r->model;
  // Float simulation: same weight codes and activation grids, float arithmetic throughout.
  Mat x = d.data.X_test;
  for (size_t l = 0; l < m.layers.size(); ++l) {
    const CompressedLayer& L = m.layers[l];
    const float qmax = static_cast<float>((1 << L.input_bits) - 1);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const float c = std::clamp(std::nearbyint(x.data()[i] / L.input_scale) + L.input_zero, 0.0f, qmax);
      x.data()[i] = (c - L.input_zero) * L.input_scale;
    }
    const std::vector<float> w = m.DequantizedWeights(static_cast<int>(l));
    Mat W(L.fan_in, L.fan_out);
    for (int o = 0; o < L.fan_out; ++o)
      for (int i = 0; i < L.fan_in; ++i) W(i, o) = w[static_cast<size_t>(o) * L.fan_in + i];
    Mat y = x * W;
    for (Eigen::Index i = 0; i < y.rows(); ++i)
      for (int o = 0; o < L.fan_out; ++o) {
        y(i, o) += L.bias[o];
        if (l + 1 < m.layers.size()) y(i, o) = std::max(y(i, o), 0.0f);
      }
    x = y;
  }
  const Mat out = m.Forward(d.data.X_test);
  int same = 0;
  for (Eigen::Index i = 0; i < out.rows(); ++i) {
    Eigen::Index a = 0, b = 0;
    out.row(i).maxCoeff(&a);
    x.row(i).maxCoeff(&b);
    same += a == b;
  }
  EXPECT_GE(same, out.rows() - 2);  // rounding of the integer bias / requantization only
  EXPECT_LT((out - x).cwiseAbs().maxCoeff(), 0.1f * x.cwiseAbs().maxCoeff());
}

TEST(CompressedModelTest, EveryKernelPathGivesIdenticalOutputs) {
  const auto& d = Digits();
  auto r = CompressTrainedModel(d.run.model, Settings(8), d.data);
  ASSERT_TRUE(r.ok());
  CompressedModel m = r->model;
  m.Prepare(KernelPath::kPortable);
  const Mat ref = m.Forward(d.data.X_test);
  for (KernelPath path : SupportedKernelPaths()) {
    m.Prepare(path);
    const Mat out = m.Forward(d.data.X_test);
    EXPECT_EQ((out - ref).cwiseAbs().maxCoeff(), 0.0f) << KernelPathName(path);
  }
}

TEST(CompressedModelTest, LowerBitWidthsShrinkTheModel) {
  const auto& d = Digits();
  long long previous = 1LL << 60;
  for (double bits : {8.0, 4.0, 2.0, 1.58, 1.0}) {
    auto m = CompressAndEvaluate(d.run.model, Settings(bits), d.data);
    ASSERT_TRUE(m.ok());
    EXPECT_LT(m->bytes, previous) << bits;
    previous = m->bytes;
    EXPECT_GT(m->accuracy, 0.1) << bits;  // better than chance, even binary
  }
}

TEST(CompressedModelFileTest, RoundTripReproducesOutputsExactly) {
  const auto& d = Digits();
  for (double bits : {32.0, 8.0, 4.0, 1.58, 1.0}) {
    CompressionSettings s = Settings(bits, bits == 4 ? 4 : 8);
    s.symmetric = bits != 4;  // affine weights too
    auto r = CompressTrainedModel(d.run.model, s, d.data);
    ASSERT_TRUE(r.ok());
    const std::vector<uint8_t> bytes = SerializeCompressedModel(r->model);
    auto back = ParseCompressedModel(bytes);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(back->StorageBytes(), r->model.StorageBytes());
    Mat raw = d.data.X_test;  // PredictOutputs applies the stored preprocessing to raw rows
    const Mat a = r->model.Forward(d.data.X_test), b = back->Forward(d.data.X_test);
    EXPECT_EQ((a - b).cwiseAbs().maxCoeff(), 0.0f) << bits;
    EXPECT_EQ(back->class_names, d.run.model.class_names);
  }
}

TEST(CompressedModelFileTest, CorruptOrTruncatedFilesAreRefusedWithAClearError) {
  const auto& d = Digits();
  auto r = CompressTrainedModel(d.run.model, Settings(8), d.data);
  ASSERT_TRUE(r.ok());
  const std::vector<uint8_t> good = SerializeCompressedModel(r->model);
  std::vector<uint8_t> flipped = good;
  flipped[good.size() / 2] ^= 0x10;
  auto bad = ParseCompressedModel(flipped, "m.optq");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "m.optq: checksum mismatch: the file is corrupt");
  std::vector<uint8_t> cut(good.begin(), good.end() - 100);
  bad = ParseCompressedModel(cut, "m.optq");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("truncated"), std::string::npos) << bad.status().message();
  std::vector<uint8_t> header(good.begin(), good.begin() + 10);
  EXPECT_FALSE(ParseCompressedModel(header).ok());
  std::vector<uint8_t> other = good;
  other[0] = 'X';
  bad = ParseCompressedModel(other);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("not an Optiscope compressed model"), std::string::npos);
  std::vector<uint8_t> version = good;
  version[4] = 9;
  bad = ParseCompressedModel(version);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("unsupported format version 9"), std::string::npos);
  const std::string path = ::testing::TempDir() + "/compress_test.optq";
  ASSERT_TRUE(SaveCompressedModel(r->model, path).ok());
  auto loaded = LoadCompressedModel(path);
  ASSERT_TRUE(loaded.ok());
  auto pred = loaded->Predict(Mat::Zero(2, 64));
  EXPECT_TRUE(pred.ok());
  EXPECT_FALSE(loaded->Predict(Mat::Zero(2, 5)).ok());
  std::remove(path.c_str());
  EXPECT_EQ(LoadCompressedModel(path).status().code(), StatusCode::kIoError);
}

}  // namespace compressed_model_test
}  // namespace optiscope
