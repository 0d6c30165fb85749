// Synthetic dataset generators for trying models and optimizers (2-D ones draw nicely).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/config/config_names.h"       // SyntheticKinds
#include "engine/config/experiment_config.h"  // SyntheticOptions
#include "engine/core/status.h"
#include "engine/data/dataset.h"

namespace optiscope {

// Generates a dataset. moons/circles/xor: 2 classes, 2 features; spirals: `classes` arms;
// blobs: `classes` Gaussian clusters in `features` dimensions; linear: regression y = w.x + b + noise.
// Same options, same data, on every platform. InvalidArgument for an unknown kind or n < 1.
Result<Dataset> MakeSynthetic(const SyntheticOptions& options);

}  // namespace optiscope
