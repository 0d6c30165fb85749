// Model files: CRC-32 and base64 helpers, the header checks (magic, version, truncation,
// corruption), and save/load round trips of dense and classic models with identical predictions.
#include "engine/train/model_file.h"

#include <gtest/gtest.h>

#include "engine/data/data_source.h"
#include "engine/train/experiment.h"

namespace optiscope {
namespace model_file_test {

TEST(ModelFileTest, Crc32AndFloatEncodingAreExact) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(Crc32(""), 0u);
  const std::vector<float> values = {0.0f, -1.5f, 3.1415927f, 1e-38f, 65504.0f, -0.0f};
  for (size_t n = 0; n <= values.size(); ++n) {
    auto decoded = DecodeFloats(EncodeFloats(std::span<const float>(values.data(), n)));
    ASSERT_TRUE(decoded.ok());
    ASSERT_EQ(decoded->size(), n);
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(std::memcmp(&(*decoded)[i], &values[i], 4), 0);
  }
  EXPECT_FALSE(DecodeFloats("abc").ok());
  EXPECT_FALSE(DecodeFloats("ab!d").ok());
}

TEST(ModelFileTest, HeaderChecksRejectDamagedFiles) {
  const std::string good = EncodeModelFile("dense", {{"x", 1}});
  ASSERT_TRUE(DecodeModelFile(good, "m").ok());
  auto message = [](const std::string& bytes) {
    auto r = DecodeModelFile(bytes, "m.osm");
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.status().message();
  };
  EXPECT_NE(message("hello").find("not an optiscope model file"), std::string::npos);
  EXPECT_NE(message(good.substr(0, good.size() - 3)).find("truncated"), std::string::npos);
  EXPECT_NE(message(good.substr(0, 20)).find("truncated"), std::string::npos);
  EXPECT_NE(message(good + "x").find("trailing"), std::string::npos);
  std::string flipped = good;
  flipped[flipped.size() - 3] ^= 0x01;
  EXPECT_NE(message(flipped).find("corrupt: checksum mismatch"), std::string::npos);
  std::string v2 = good;
  v2[16] = '2';
  EXPECT_NE(message(v2).find("version 2 is not supported"), std::string::npos);
}

RunResult Train(const ExperimentConfig& c) {
  NullEventSink sink;
  auto r = RunExperiment(c, sink);
  EXPECT_TRUE(r.ok());
  return *r;
}

void ExpectSamePredictions(const RunResult& run, const ExperimentConfig& config) {
  const std::string bytes = EncodeTrainedModel(run.model, config);
  auto loaded = DecodeTrainedModel(bytes, "mem");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->config, config);
  auto data = LoadDataset(config.data);
  ASSERT_TRUE(data.ok());
  auto a = PredictOutputs(run.model, data->X), b = PredictOutputs(loaded->model, data->X);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(loaded->model.class_names, run.model.class_names);
  // Any single flipped payload byte is caught by the checksum.
  std::string damaged = bytes;
  damaged[bytes.size() / 2 + 40] ^= 0x20;
  EXPECT_FALSE(DecodeTrainedModel(damaged, "mem").ok());
}

TEST(ModelFileTest, DenseNetworkRoundTripsWithIdenticalOutputs) {
  ExperimentConfig c;
  c.data.source = "iris";
  c.model.hidden = {8};
  c.training.epochs = 3;
  ExpectSamePredictions(Train(c), c);
}

TEST(ModelFileTest, ClassicModelRoundTripsWithIdenticalOutputs) {
  ExperimentConfig c;
  c.data.source = "wine";
  c.model.type = ModelType::kGradientBoosting;
  c.model.params = {{"n_estimators", 10.0}};
  ExpectSamePredictions(Train(c), c);
  c.data.source = "diabetes";
  c.model.type = ModelType::kKnn;
  c.model.params.clear();
  ExpectSamePredictions(Train(c), c);
}

}  // namespace model_file_test
}  // namespace optiscope
