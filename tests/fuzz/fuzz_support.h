// Small helpers shared by the libFuzzer harnesses in tests/fuzz/ (docs/hardening.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "engine/data/dataset.h"

namespace optiscope::fuzz {

// Stops the run with a message: libFuzzer then saves the input as a crash. For broken contracts
// that do not crash by themselves (a round trip that changes the value, results that differ
// between one and several threads, ...).
[[noreturn]] inline void Fail(const std::string& why) {
  std::fprintf(stderr, "fuzz contract violated: %s\n", why.c_str());
  std::abort();
}

inline std::string AsString(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// Largest feature count the model targets evaluate a loaded model on (bigger ones are only
// loaded: evaluating them costs time without reaching new code).
inline constexpr size_t kMaxProbeFeatures = 512;

// A small dataset that fits a loaded model's signature: `rows` rows of varied values (one
// missing), the model's feature names, task and class names, every class used (classification).
// What `optiscope-cli evaluate` gives a model when the user's data matches it.
inline Dataset ProbeDataset(TaskKind task, const std::vector<std::string>& feature_names,
                            const std::vector<std::string>& class_names, int rows = 5) {
  Dataset data;
  data.name = "probe";
  data.task = task;
  data.feature_names = feature_names;
  data.class_names = class_names;
  data.target_name = "target";
  const auto cols = static_cast<Eigen::Index>(feature_names.size());
  data.X.resize(rows, cols);
  data.y.resize(rows);
  for (int i = 0; i < rows; ++i) {
    for (Eigen::Index j = 0; j < cols; ++j) {
      data.X(i, j) = static_cast<Scalar>(((i * 7 + j * 3) % 11) - 5) * 0.5f;
    }
    const int k = static_cast<int>(class_names.size());
    data.y[i] = task == TaskKind::kClassification ? static_cast<Scalar>(k > 0 ? i % k : 0)
                                                  : static_cast<Scalar>(i) * 0.25f;
  }
  if (cols > 0) data.X(0, 0) = std::numeric_limits<Scalar>::quiet_NaN();
  return data;
}

}  // namespace optiscope::fuzz
