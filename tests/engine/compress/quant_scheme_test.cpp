// Quantize/dequantize error bounds per scheme, per-channel vs per-tensor on a skewed layer,
// calibration, bit packing, range coding and half floats.
#include "engine/compress/quant_scheme.h"

#include <gtest/gtest.h>

#include <cmath>

#include "engine/compress/weight_coding.h"
#include "engine/core/rng.h"

namespace optiscope {
namespace quant_scheme_test {

std::vector<float> Gaussian(int n, double sd, uint64_t seed) {
  Rng rng(seed);
  std::vector<float> v(n);
  for (float& x : v) x = static_cast<float>(rng.Normal(0, sd));
  return v;
}

double RoundTripMse(const std::vector<float>& x, int channels, const QuantSpec& spec) {
  std::vector<float> y = x;
  FakeQuantize(y, channels, spec);
  double e = 0;
  for (size_t i = 0; i < x.size(); ++i) e += (x[i] - y[i]) * (x[i] - y[i]);
  return e / x.size();
}

TEST(QuantSchemeTest, MinMaxRoundTripErrorIsAtMostHalfAStep) {
  const std::vector<float> x = Gaussian(4 * 200, 0.5, 1);
  for (QuantFormat f : {QuantFormat::kInt8, QuantFormat::kInt4, QuantFormat::kInt2}) {
    for (bool symmetric : {true, false}) {
      for (bool per_channel : {true, false}) {
        QuantSpec spec;
        spec.format = f;
        spec.symmetric = symmetric;
        spec.per_channel = per_channel;
        const QuantParams p = ChooseWeightParams(x, 4, spec);
        std::vector<int8_t> q(x.size());
        std::vector<float> y(x.size());
        QuantizeValues(x, 4, p, f, q);
        DequantizeValues(q, 4, p, y);
        for (size_t i = 0; i < x.size(); ++i) {
          const int c = per_channel ? static_cast<int>(i / 200) : 0;
          ASSERT_GE(q[i], p.qmin);
          ASSERT_LE(q[i], p.qmax);
          const double bound = 0.5 * p.scale[c] + 1e-6;
          ASSERT_LE(std::fabs(x[i] - y[i]), bound)
              << QuantFormatName(f) << " symmetric=" << symmetric << " i=" << i;
        }
      }
    }
  }
}

TEST(QuantSchemeTest, AffineRepresentsZeroExactlyAndFollowsPyTorchFormulas) {
  const std::vector<float> x = {0.5f, 1.0f, 2.0f, 3.0f};  // min' = 0 (ranges include zero)
  QuantSpec spec;
  spec.symmetric = false;
  spec.per_channel = false;
  const QuantParams p = ChooseWeightParams(x, 1, spec);
  EXPECT_FLOAT_EQ(p.scale[0], 3.0f / 255.0f);
  EXPECT_EQ(p.zero_point[0], -128);
  const std::vector<float> zero = {0.0f};
  std::vector<int8_t> q(1);
  QuantizeValues(zero, 1, p, QuantFormat::kInt8, q);
  EXPECT_EQ(q[0], -128);
  spec.symmetric = true;
  const QuantParams s = ChooseWeightParams(x, 1, spec);
  EXPECT_FLOAT_EQ(s.scale[0], 3.0f / 127.5f);
  EXPECT_EQ(s.zero_point[0], 0);
}

TEST(QuantSchemeTest, TernaryUsesAbsmeanAndBinaryUsesSign) {
  const std::vector<float> x = {0.9f, -0.1f, 0.05f, -1.2f};
  QuantSpec spec;
  spec.format = QuantFormat::kTernary;
  spec.per_channel = false;
  const QuantParams p = ChooseWeightParams(x, 1, spec);
  EXPECT_FLOAT_EQ(p.scale[0], (0.9f + 0.1f + 0.05f + 1.2f) / 4);  // gamma = mean |W|
  std::vector<int8_t> q(4);
  QuantizeValues(x, 1, p, QuantFormat::kTernary, q);
  EXPECT_EQ(q, (std::vector<int8_t>{1, 0, 0, -1}));  // RoundClip(W / gamma, -1, 1)
  spec.format = QuantFormat::kBinary;
  const QuantParams b = ChooseWeightParams(x, 1, spec);
  QuantizeValues(x, 1, b, QuantFormat::kBinary, q);
  EXPECT_EQ(q, (std::vector<int8_t>{1, -1, 1, -1}));
}

TEST(QuantSchemeTest, PerChannelBeatsPerTensorOnASkewedLayer) {
  // Channel 0 has weights 100x larger than the others: one per-tensor scale wastes the grid.
  std::vector<float> x = Gaussian(8 * 64, 0.01, 2);
  for (int i = 0; i < 64; ++i) x[i] *= 100.0f;
  QuantSpec spec;
  spec.format = QuantFormat::kInt8;
  spec.per_channel = true;
  const double per_channel = RoundTripMse(x, 8, spec);
  spec.per_channel = false;
  const double per_tensor = RoundTripMse(x, 8, spec);
  EXPECT_LT(per_channel, 0.2 * per_tensor);
}

TEST(QuantSchemeTest, MseAndPercentileClippingHelpHeavyTailsAtFourBits) {
  std::vector<float> x = Gaussian(4000, 1.0, 3);
  x[0] = 40.0f;  // one outlier stretches the min-max range
  QuantSpec spec;
  spec.format = QuantFormat::kInt4;
  spec.per_channel = false;
  const double minmax = RoundTripMse(x, 1, spec);
  spec.calibration = Calibration::kMse;
  const double mse = RoundTripMse(x, 1, spec);
  spec.calibration = Calibration::kPercentile;
  spec.percentile = 99.9;
  const double pct = RoundTripMse(x, 1, spec);
  EXPECT_LT(mse, 0.5 * minmax);
  EXPECT_LT(pct, 0.5 * minmax);
}

TEST(WeightCodingTest, PackingRoundTripsEveryFormat) {
  Rng rng(4);
  for (QuantFormat f : {QuantFormat::kInt8, QuantFormat::kInt4, QuantFormat::kInt2,
                        QuantFormat::kTernary, QuantFormat::kBinary}) {
    int qmin, qmax;
    WeightRange(f, &qmin, &qmax);
    std::vector<int8_t> q(1003);
    for (int8_t& v : q) {
      v = static_cast<int8_t>(qmin + static_cast<int>(rng.UniformInt(qmax - qmin + 1)));
      if (f == QuantFormat::kBinary && v == 0) v = 1;
    }
    const std::vector<uint8_t> packed = PackWeights(q, f);
    const size_t expected[] = {1003, 502, 251, 201, 126};
    EXPECT_EQ(packed.size(), expected[static_cast<int>(f)]) << QuantFormatName(f);
    std::vector<int8_t> back;
    ASSERT_TRUE(UnpackWeights(packed, f, q.size(), &back).ok());
    EXPECT_EQ(back, q) << QuantFormatName(f);
    std::vector<int8_t> decoded;
    ASSERT_TRUE(RangeDecodeWeights(RangeEncodeWeights(q, qmin, qmax), qmin, qmax, q.size(),
                                   &decoded).ok());
    EXPECT_EQ(decoded, q) << QuantFormatName(f);
  }
}

TEST(WeightCodingTest, RangeCodingMakesZerosNearlyFree) {
  Rng rng(5);
  std::vector<int8_t> q(10000, 0);
  for (int8_t& v : q) {
    if (rng.Uniform() < 0.3) v = static_cast<int8_t>(static_cast<int>(rng.UniformInt(255)) - 127);
  }
  const auto coded = RangeEncodeWeights(q, -128, 127);
  // Entropy: H(0.3) + 0.3 * 8 bits = 3.28 bits/weight -> ~4100 bytes; bitmask + bytes: 4250.
  EXPECT_LT(coded.size(), 4250u);
  std::vector<int8_t> back;
  ASSERT_TRUE(RangeDecodeWeights(coded, -128, 127, q.size(), &back).ok());
  EXPECT_EQ(back, q);
  std::vector<uint8_t> truncated(coded.begin(), coded.begin() + coded.size() / 2);
  EXPECT_FALSE(RangeDecodeWeights(truncated, -128, 127, q.size(), &back).ok());
}

TEST(WeightCodingTest, HalfFloatConversionRoundsToNearest) {
  EXPECT_EQ(FloatToHalf(1.0f), 0x3C00);
  EXPECT_EQ(FloatToHalf(-2.0f), 0xC000);
  EXPECT_EQ(HalfToFloat(0x3555), 0.333251953125f);
  EXPECT_EQ(RoundToHalf(65504.0f), 65504.0f);
  EXPECT_EQ(HalfToFloat(0x0001), std::ldexp(1.0f, -24));  // smallest subnormal
  EXPECT_EQ(FloatToHalf(std::ldexp(1.0f, -24)), 0x0001);
  for (uint32_t h = 0; h < 0x7C00; ++h) {
    ASSERT_EQ(FloatToHalf(HalfToFloat(static_cast<uint16_t>(h))), h);
  }
}

}  // namespace quant_scheme_test
}  // namespace optiscope
