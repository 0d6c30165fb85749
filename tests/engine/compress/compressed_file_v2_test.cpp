// Compressed model file version 2: a layer's scale codes, zero points, weights and bias codes in
// one range-coded stream round-trip exactly and cost less than their plain bytes; a pruned
// per-channel int8 model reloads bit-exactly; version 1 files (written here by hand in the old
// layout) still load.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "engine/compress/compress_evaluate.h"
#include "engine/compress/compressed_model_file.h"
#include "engine/compress/weight_coding.h"
#include "engine/core/rng.h"
#include "tests/engine/compress/compression_fixture.h"

namespace optiscope {
namespace compressed_file_v2_test {

using testing::Digits;

TEST(CompressedFileV2Test, LayerStreamRoundTripsAndCodesScalesAndBiasesBelowOneBytePerValue) {
  Rng rng(3);
  LayerCodes codes;
  for (int o = 0; o < 128; ++o) codes.scale_codes.push_back(static_cast<uint8_t>(rng.UniformInt(12)));
  for (int o = 0; o < 128; ++o) {
    codes.zero_points.push_back(static_cast<int8_t>(static_cast<int>(rng.UniformInt(9)) - 4));
  }
  for (int i = 0; i < 128 * 64; ++i) {
    const bool kept = rng.Uniform() < 0.3;
    codes.q.push_back(kept ? static_cast<int8_t>(static_cast<int>(rng.UniformInt(255)) - 127) : 0);
  }
  for (int o = 0; o < 128; ++o) {
    codes.bias.push_back(static_cast<int8_t>(static_cast<int>(rng.UniformInt(41)) - 20));
  }
  const std::vector<uint8_t> stream = RangeEncodeLayer(codes, -128, 127);
  const size_t weights_only = RangeEncodeWeights(codes.q, -128, 127).size();
  // 128 scale codes of ~3.6 bits, zero points of ~3.2 bits, biases of ~5.4 bits: well under the
  // 3 x 128 plain bytes.
  EXPECT_LT(stream.size(), weights_only + 250) << weights_only;
  LayerCodes back;
  back.scale_codes.resize(128);
  back.zero_points.resize(128);
  back.q.resize(codes.q.size());
  back.bias.resize(128);
  ASSERT_TRUE(RangeDecodeLayer(stream, -128, 127, &back).ok());
  EXPECT_EQ(back.scale_codes, codes.scale_codes);
  EXPECT_EQ(back.zero_points, codes.zero_points);
  EXPECT_EQ(back.q, codes.q);
  EXPECT_EQ(back.bias, codes.bias);
  const std::vector<uint8_t> cut(stream.begin(), stream.begin() + stream.size() / 2);
  EXPECT_FALSE(RangeDecodeLayer(cut, -128, 127, &back).ok());
}

TEST(CompressedFileV2Test, PrunedPerChannelInt8ReloadsBitExactly) {
  const auto& d = Digits();
  CompressionSettings s;
  s.bits = 8;
  s.sparsity = 0.7;
  s.prune_fine_tune = false;  // one-shot: the file format is what is tested
  s.latency_repeats = 0;
  auto r = CompressTrainedModel(d.run.model, s, d.data);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const std::vector<uint8_t> bytes = SerializeCompressedModel(r->model);
  uint32_t version = 0;
  std::memcpy(&version, bytes.data() + 4, 4);
  EXPECT_EQ(version, 2u);
  auto back = ParseCompressedModel(bytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  for (size_t l = 0; l < r->model.layers.size(); ++l) {
    EXPECT_EQ(back->layers[l].q, r->model.layers[l].q);
    EXPECT_EQ(back->layers[l].wparams.scale, r->model.layers[l].wparams.scale);
    EXPECT_EQ(back->layers[l].bias, r->model.layers[l].bias);
  }
  const Mat a = r->model.Forward(d.data.X_test), b = back->Forward(d.data.X_test);
  EXPECT_EQ((a - b).cwiseAbs().maxCoeff(), 0.0f);
  EXPECT_EQ(back->StorageBytes(), r->model.StorageBytes());
}

// The version 1 layout of a quantized layer: flags, s_max, scale codes, zero points, u32 size and
// packed weights, bias scale, bias codes, input grid.
void PutV1Layer(const CompressedLayer& L, std::vector<uint8_t>* out) {
  auto put = [out](const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    out->insert(out->end(), b, b + n);
  };
  const uint16_t fan_in = static_cast<uint16_t>(L.fan_in), fan_out = static_cast<uint16_t>(L.fan_out);
  put(&fan_in, 2);
  put(&fan_out, 2);
  const bool per_channel = L.wparams.scale.size() > 1;
  const uint8_t flags = static_cast<uint8_t>(2 | (static_cast<int>(L.format) << 2) | (per_channel << 5));
  put(&flags, 1);
  float s_max = 0;
  for (float v : L.wparams.scale) s_max = std::max(s_max, v);
  put(&s_max, 4);
  if (per_channel) {
    for (float v : L.wparams.scale) out->push_back(ScaleCode(v, s_max));
  }
  const std::vector<uint8_t> packed = PackWeights(L.q, L.format);
  const uint32_t size = static_cast<uint32_t>(packed.size());
  put(&size, 4);
  put(packed.data(), packed.size());
  put(&L.bias_scale, 4);
  for (float b : L.bias) {
    out->push_back(static_cast<uint8_t>(static_cast<int8_t>(
        L.bias_scale > 0 ? std::nearbyint(b / L.bias_scale) : 0.0f)));
  }
  const uint8_t bits = static_cast<uint8_t>(L.input_bits);
  put(&bits, 1);
  if (bits > 0) {
    put(&L.input_scale, 4);
    out->push_back(static_cast<uint8_t>(L.input_zero));
  }
}

TEST(CompressedFileV2Test, VersionOneFilesStillLoad) {
  const auto& d = Digits();
  CompressionSettings s;
  s.bits = 4;
  s.latency_repeats = 0;
  auto r = CompressTrainedModel(d.run.model, s, d.data);
  ASSERT_TRUE(r.ok());
  // Reuse the metadata section of a version 2 file; write the layers in the version 1 layout.
  const std::vector<uint8_t> v2 = SerializeCompressedModel(r->model);
  uint32_t meta_size = 0;
  std::memcpy(&meta_size, v2.data() + 20, 4);
  std::vector<uint8_t> payload(v2.begin() + 20, v2.begin() + 24 + meta_size);
  const uint32_t layers = static_cast<uint32_t>(r->model.layers.size());
  payload.insert(payload.end(), reinterpret_cast<const uint8_t*>(&layers),
                 reinterpret_cast<const uint8_t*>(&layers) + 4);
  for (const CompressedLayer& L : r->model.layers) PutV1Layer(L, &payload);
  std::vector<uint8_t> file = {'O', 'P', 'T', 'Q', 1, 0, 0, 0};
  const uint64_t size = payload.size();
  const uint32_t crc = Crc32(payload.data(), payload.size());
  file.insert(file.end(), reinterpret_cast<const uint8_t*>(&size),
              reinterpret_cast<const uint8_t*>(&size) + 8);
  file.insert(file.end(), reinterpret_cast<const uint8_t*>(&crc),
              reinterpret_cast<const uint8_t*>(&crc) + 4);
  file.insert(file.end(), payload.begin(), payload.end());
  auto back = ParseCompressedModel(file, "v1.optq");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  const Mat a = r->model.Forward(d.data.X_test), b = back->Forward(d.data.X_test);
  EXPECT_EQ((a - b).cwiseAbs().maxCoeff(), 0.0f);
}

}  // namespace compressed_file_v2_test
}  // namespace optiscope
