// Events of the compression engine (engine/compress): trade-off sweep points as they are computed.
#pragma once

#include <string>
#include <vector>

#include "engine/events/event_list.h"

namespace optiscope {

// One compressed variant of a model, measured. bits 32 is the float baseline.
struct SweepPoint {
  int bits = 32;
  double sparsity = 0.0;
  double accuracy = 0.0;  // classification; NaN for regression
  double rmse = 0.0;      // regression; NaN for classification
  long long bytes = 0;
  double latency_ms = 0.0;
  std::vector<double> layer_error;  // per layer: relative weight error
};

using CompressionEvents = EventList<SweepPoint>;

}  // namespace optiscope
