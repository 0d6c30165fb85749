// Fuzz target "spec": study specs (engine/search/study_spec.h), parsed as `study run` does before
// it creates the study. Relative config files resolve from a folder that does not exist, so a
// spec cannot reach the files of the machine it is fuzzed on through "config_file".
#include <cstdint>
#include <string>

#include "engine/search/study_spec.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = optiscope::fuzz::AsString(data, size);
  auto spec = optiscope::ParseStudySpec(text, "fuzz.json", "/nonexistent-optiscope-fuzz");
  (void)spec;  // errors are fine; crashes, hangs and leaks are what this target looks for
  return 0;
}
