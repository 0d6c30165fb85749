// Fuzz target "optq": compressed model files (.optq, engine/compress/compressed_model_file.h) as
// `evaluate --model` reads them. Each input is parsed as it is and, when it is long enough to
// have a header, with the header's payload size and CRC-32 rewritten to match the bytes after it
// (so mutations of the metadata and layers get past the checksum). A model that loads is
// evaluated on a small dataset that fits its signature.
#include <cstdint>
#include <cstring>
#include <vector>

#include "engine/compress/compressed_model_file.h"
#include "engine/compress/evaluate_compressed.h"
#include "engine/core/crc32.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

// Header: "OPTQ", uint32 version, uint64 payload size, uint32 CRC-32 (little-endian).
constexpr size_t kHeaderSize = 4 + 4 + 8 + 4;

void ParseAndUse(const std::vector<uint8_t>& bytes) {
  auto model = optiscope::ParseCompressedModel(bytes, "fuzz.optq");
  if (!model.ok()) return;
  if (model->feature_names.size() > optiscope::fuzz::kMaxProbeFeatures) return;
  const optiscope::Dataset data =
      optiscope::fuzz::ProbeDataset(model->task, model->feature_names, model->class_names);
  auto report = optiscope::EvaluateCompressedOnDataset(*model, data, "all");
  (void)report;  // errors are fine; crashes, hangs and leaks are what this target looks for
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  ParseAndUse(bytes);
  if (size < kHeaderSize) return 0;
  const uint64_t payload_size = size - kHeaderSize;
  const uint32_t crc = optiscope::Crc32(data + kHeaderSize, payload_size);
  std::memcpy(bytes.data() + 8, &payload_size, sizeof(payload_size));
  std::memcpy(bytes.data() + 16, &crc, sizeof(crc));
  if (std::memcmp(bytes.data(), data, size) != 0) ParseAndUse(bytes);
  return 0;
}
