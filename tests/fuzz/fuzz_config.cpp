// Fuzz target "config": the experiment configuration JSON (engine/config/config_json.h). A
// configuration that parses and validates must survive the round trip Write -> Parse unchanged.
#include <cstdint>
#include <string>

#include "engine/config/config_json.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = optiscope::fuzz::AsString(data, size);
  auto config = optiscope::ParseExperimentConfig(text, "fuzz.json");
  if (!config.ok()) return 0;
  if (!optiscope::ValidateExperimentConfig(config.value()).ok()) return 0;
  const std::string written = optiscope::WriteExperimentConfig(config.value());
  auto again = optiscope::ParseExperimentConfig(written, "rewritten.json");
  if (!again.ok()) {
    optiscope::fuzz::Fail("a valid configuration does not parse once written: " +
                          again.status().message());
  }
  if (!(again.value() == config.value())) {
    optiscope::fuzz::Fail("Write -> Parse changes a valid configuration");
  }
  return 0;
}
