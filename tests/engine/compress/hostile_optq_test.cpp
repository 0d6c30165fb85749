// .optq files from someone else (issue 13): declared layer sizes are checked against the bytes
// present and the memory budget before anything is allocated, and the metadata's counts against
// each other. The crafted files are built here, byte by byte, with a valid checksum.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/compress/compressed_model_file.h"
#include "engine/core/crc32.h"

namespace optiscope {
namespace hostile_optq_test {

template <class T>
void Put(std::vector<uint8_t>* out, T v) {
  uint8_t b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  out->insert(out->end(), b, b + sizeof(T));
}

std::string Meta(int inputs, int outputs, int names, int classes) {
  std::string features, class_list, fill;
  for (int i = 0; i < names; ++i) features += (i ? ",\"f" : "\"f") + std::to_string(i) + "\"";
  for (int i = 0; i < classes; ++i) class_list += (i ? ",\"c" : "\"c") + std::to_string(i) + "\"";
  return R"({"task":"classification","activation":"relu","inputs":)" + std::to_string(inputs) +
         R"(,"outputs":)" + std::to_string(outputs) + R"(,"feature_names":[)" + features +
         R"(],"class_names":[)" + class_list +
         R"(],"target_name":"y","target_offset":0,"target_scale":1,"input_fill":[],)"
         R"("input_offset":[],"input_scale":[]})";
}

// An .optq file: the metadata, then one layer record header (fan_in, fan_out, flags) and `tail`.
std::vector<uint8_t> Craft(const std::string& meta, uint16_t fan_in, uint16_t fan_out,
                           uint8_t flags, const std::vector<uint8_t>& tail) {
  std::vector<uint8_t> payload;
  Put<uint32_t>(&payload, static_cast<uint32_t>(meta.size()));
  payload.insert(payload.end(), meta.begin(), meta.end());
  Put<uint32_t>(&payload, 1);  // one layer
  Put<uint16_t>(&payload, fan_in);
  Put<uint16_t>(&payload, fan_out);
  Put<uint8_t>(&payload, flags);
  payload.insert(payload.end(), tail.begin(), tail.end());
  std::vector<uint8_t> file = {'O', 'P', 'T', 'Q'};
  Put<uint32_t>(&file, 2);
  Put<uint64_t>(&file, payload.size());
  Put<uint32_t>(&file, Crc32(payload.data(), payload.size()));
  file.insert(file.end(), payload.begin(), payload.end());
  return file;
}

TEST(HostileOptqTest, A4KbFileDeclaring65535x65535IsRefusedBeforeAllocating) {
  // Float weights: 17 GB declared, 4 KB present (allocated in full before the fix).
  const auto dense = Craft(Meta(1, 1, 1, 1), 65535, 65535, 0, std::vector<uint8_t>(4000, 0));
  auto r = ParseCompressedModel(dense, "huge.optq");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "huge.optq: layer 1: 65535x65535 weights need at least 17179607040 bytes, the file "
            "has 4000 left");
  // Range-coded weights may be tiny on disk: the memory budget bounds them instead.
  ::setenv("OPTISCOPE_MEMORY_BUDGET", "1000000000", 1);
  const auto coded = Craft(Meta(1, 1, 1, 1), 65535, 65535, 2 | (1 << 7), std::vector<uint8_t>(64, 0));
  auto c = ParseCompressedModel(coded, "coded.optq");
  ::unsetenv("OPTISCOPE_MEMORY_BUDGET");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(),
            "coded.optq: layer 1: 65535x65535 layer needs 51.5 GB; the machine has 1.0 GB");
}

TEST(HostileOptqTest, MetadataCountsMustAgree) {
  const std::vector<uint8_t> weights(2 * 4 + 2 * 4 + 1, 0);  // 1x2 floats, 2 biases, no grid
  auto names = ParseCompressedModel(Craft(Meta(1, 2, 3, 2), 1, 2, 0, weights), "a.optq");
  ASSERT_FALSE(names.ok());
  EXPECT_EQ(names.status().message(), "a.optq: metadata: 3 feature names for 1 inputs");
  auto classes = ParseCompressedModel(Craft(Meta(1, 2, 1, 1), 1, 2, 0, weights), "b.optq");
  ASSERT_FALSE(classes.ok());
  EXPECT_EQ(classes.status().message(), "b.optq: metadata: 1 class names for 2 outputs");
  auto good = ParseCompressedModel(Craft(Meta(1, 2, 1, 2), 1, 2, 0, weights), "c.optq");
  EXPECT_TRUE(good.ok()) << good.status().message();
  const std::string deep = R"({"task":)" + std::string(1000, '[');
  auto nested = ParseCompressedModel(Craft(deep, 1, 2, 0, weights), "d.optq");
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.status().message().find("JSON nests deeper than 128 levels"), std::string::npos);
}

TEST(HostileOptqTest, SavingIsAtomicAndReportsErrors) {
  auto good = ParseCompressedModel(
      Craft(Meta(1, 2, 1, 2), 1, 2, 0, std::vector<uint8_t>(17, 0)), "c.optq");
  ASSERT_TRUE(good.ok());
  const auto dir = std::filesystem::path(::testing::TempDir()) / "optq_atomic";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "m.optq").string();
  ASSERT_TRUE(SaveCompressedModel(*good, path).ok());
  auto back = LoadCompressedModel(path);
  ASSERT_TRUE(back.ok()) << back.status().message();
  int entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++entries;
  EXPECT_EQ(entries, 1);
  const Status missing = SaveCompressedModel(*good, (dir / "no" / "m.optq").string());
  EXPECT_EQ(missing.code(), StatusCode::kIoError);
  std::filesystem::remove_all(dir);
}

}  // namespace hostile_optq_test
}  // namespace optiscope
