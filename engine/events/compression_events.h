// Events of the compression engine (engine/compress): a trade-off sweep starting, each measured
// point as soon as it is computed, and the end of the sweep with the final Pareto front.
#pragma once

#include <string>
#include <vector>

#include "engine/events/event_list.h"
#include "engine/events/run_end.h"

namespace optiscope {

// Weight histogram of one layer: `counts` over equal bins spanning [low, high].
struct WeightHistogram {
  double low = 0.0;
  double high = 0.0;
  std::vector<int> counts;
};

// A sweep began: `total_points` variants will be measured.
struct SweepStarted {
  std::string description;  // e.g. "digits: mlp 64-128-64-10 relu"
  int total_points = 0;
  std::string metric_name;  // "accuracy" or "rmse"
  // Per layer: the trained float weights' histograms (the "before" of every point).
  std::vector<WeightHistogram> weights_before;
};

// One compressed variant of a model, measured on the test split. bits 32 is the float baseline.
struct SweepPoint {
  int index = 0;          // 0-based position in the sweep
  std::string label;      // e.g. "int8 W8A8 per-channel, 70% sparse"
  double bits = 32;       // 32, 8, 4, 2, 1.58 (ternary), 1 (binary)
  int activation_bits = 0;  // 0 = float activations
  double target_sparsity = 0.0;  // the sweep's sparsity setting for this point
  double sparsity = 0.0;  // measured fraction of zero (or, structured, removed) weights
  double accuracy = 0.0;  // classification; NaN for regression
  double rmse = 0.0;      // regression; NaN for classification
  long long bytes = 0;    // storage size of the layers
  long long float_bytes = 0;  // the float32 model's size (compression ratio = float_bytes/bytes)
  double latency_ms = 0.0;    // one batch (1,024 rows by default), median
  std::vector<double> layer_error;  // per layer: relative weight error ||W - Ŵ|| / ||W||
  // Per layer: histograms of the compressed (dequantized) weights, on the "before" bins.
  std::vector<WeightHistogram> weights_after;
  // On the Pareto front (size vs metric) of the points measured so far, this one included.
  bool pareto = false;
};

// The sweep ended (ok, cancelled, or failed with a reason). `points` holds every
// measured point with its FINAL Pareto flag (later points can dominate earlier ones).
struct SweepFinished {
  RunEnd status = RunEnd::kOk;
  std::string reason;
  std::vector<SweepPoint> points;
};

using CompressionEvents = EventList<SweepStarted, SweepPoint, SweepFinished>;

}  // namespace optiscope
