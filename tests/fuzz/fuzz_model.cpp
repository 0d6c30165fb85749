// Fuzz target "model": model files (.osm, engine/train/model_file.h) as `evaluate --model` reads
// them. Each input is decoded twice: as it is (the text header: magic, version, sizes, checksum)
// and with its header rewritten to match the payload (size and CRC-32 recomputed, so mutations
// of the JSON payload get past the checksum). A model that loads is evaluated on a small dataset
// that fits its signature: the file's counts must be consistent enough not to crash that.
#include <cstdint>
#include <cstdio>
#include <string>

#include "engine/core/crc32.h"
#include "engine/train/evaluate_saved.h"
#include "engine/train/model_file.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

void DecodeAndUse(const std::string& bytes) {
  auto loaded = optiscope::DecodeTrainedModel(bytes, "fuzz.osm");
  if (!loaded.ok()) return;
  const optiscope::TrainedModel& model = loaded->model;
  if (model.feature_names.size() > optiscope::fuzz::kMaxProbeFeatures) return;
  const optiscope::Dataset data =
      optiscope::fuzz::ProbeDataset(model.task, model.feature_names, model.class_names);
  auto report = optiscope::EvaluateOnDataset(model, loaded->config, data, "all");
  (void)report;  // errors are fine; crashes, hangs and leaks are what this target looks for
}

// `bytes` with the header's "bytes" and "crc32" fields made to match the payload after the first
// blank line (kind kept: the word after "kind "); "" when there is no blank line.
std::string WithMatchingHeader(const std::string& bytes) {
  const size_t blank = bytes.find("\n\n");
  if (blank == std::string::npos) return "";
  const std::string header = bytes.substr(0, blank);
  std::string kind = "dense";
  if (const size_t at = header.find("kind "); at != std::string::npos) {
    const size_t end = header.find('\n', at);
    kind = header.substr(at + 5, end == std::string::npos ? std::string::npos : end - at - 5);
  }
  const std::string payload = bytes.substr(blank + 2);
  char crc[16];
  std::snprintf(crc, sizeof(crc), "%08x", optiscope::Crc32(payload));
  return "OPTISCOPE-MODEL 1\nkind " + kind + "\nbytes " + std::to_string(payload.size()) +
         "\ncrc32 " + crc + "\n\n" + payload;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes = optiscope::fuzz::AsString(data, size);
  DecodeAndUse(bytes);
  const std::string fixed = WithMatchingHeader(bytes);
  if (!fixed.empty() && fixed != bytes) DecodeAndUse(fixed);
  return 0;
}
