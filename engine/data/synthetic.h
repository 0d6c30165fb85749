// Synthetic dataset generators for trying models and optimizers (2-D ones draw nicely).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/data/dataset.h"

namespace optiscope {

struct SyntheticOptions {
  std::string kind = "moons";  // moons | circles | spirals | blobs | xor | linear
  int n = 500;                 // rows
  double noise = 0.1;          // stddev of Gaussian noise added
  uint64_t seed = 0;
  int classes = 3;             // blobs and spirals: number of classes
  int features = 2;            // blobs and linear: number of features

  bool operator==(const SyntheticOptions&) const = default;
};

// The generator names, in the order above.
std::vector<std::string> SyntheticKinds();

// Generates a dataset. moons/circles/xor: 2 classes, 2 features; spirals: `classes` arms;
// blobs: `classes` Gaussian clusters in `features` dimensions; linear: regression y = w.x + b + noise.
// Same options, same data, on every platform. InvalidArgument for an unknown kind or n < 1.
Result<Dataset> MakeSynthetic(const SyntheticOptions& options);

}  // namespace optiscope
