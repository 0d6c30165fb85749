// One compression setting applied to a trained model and measured: the entry point for the CLI,
// the GUI sweep and study objectives (CompressAndEvaluate).
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "engine/compress/compress_model.h"
#include "engine/compress/compression_data.h"
#include "engine/compress/fine_tune.h"
#include "engine/core/status.h"
#include "engine/train/trained_model.h"

namespace optiscope {

// Everything that defines one compressed variant. Options are independent: e.g. bits 8 +
// sparsity 0.7 prunes (with fine-tuning) and then quantizes.
struct CompressionSettings {
  double bits = 8;  // 32 (float32), 8, 4, 2, 1.58 (ternary), 1 (binary)
  bool per_channel = true;
  bool symmetric = true;
  Calibration calibration = Calibration::kMinMax;  // weights
  double percentile = 99.99;
  int activation_bits = 8;  // 8, 4, or 0 (float activations); ignored for bits 32
  Calibration activation_calibration = Calibration::kMinMax;
  double sparsity = 0.0;     // unstructured magnitude pruning, in [0, 1)
  PruneScope scope = PruneScope::kLayer;
  // Structured pruning: `sparsity` is instead the fraction of every hidden layer's neurons removed
  // (smallest `norm` of incoming weights, PruneNeurons), giving a smaller dense model that is then
  // fine-tuned (prune_fine_tune) and quantized. Not combinable with lottery_ticket.
  bool structured = false;
  NeuronNorm norm = NeuronNorm::kL2;
  bool prune_fine_tune = true;  // gradual pruning with fine-tuning (else one-shot)
  bool lottery_ticket = false;  // rewind survivors to the initial weights (init_seed) and retrain
  uint64_t init_seed = 0;       // lottery ticket: the training seed of the model (its θ0)
  bool qat = false;             // quantization-aware fine-tuning before quantizing
  FineTuneOptions fine;         // fine-tuning for pruning and QAT
  int latency_rows = 1024;      // batch size of the latency measurement
  int latency_repeats = 7;      // median of this many timed batches (0: no timing)
  KernelPath kernel = KernelPath::kAuto;
};

// Parses a bit-width text ("32", "8", "4", "2", "1.58", "1", "ternary", "binary").
Result<double> ParseBits(const std::string& text);
// "float32", "int8", ..., "ternary", "binary" for a bit-width.
std::string BitsName(double bits);

// The measured figures of one compressed variant (test split).
struct CompressionMetrics {
  std::string label;         // e.g. "int8 W8A8 per-channel, 70% sparse"
  double bits = 32;
  int activation_bits = 0;
  double sparsity = 0.0;     // measured fraction of zero weights (structured: of removed ones)
  double accuracy = 0.0;     // classification (NaN otherwise)
  double rmse = 0.0;         // regression, target units (NaN otherwise)
  long long bytes = 0;       // storage of the layers (CompressedModel::StorageBytes)
  long long float_bytes = 0; // the uncompressed float32 parameters of the trained model (4 bytes each)
  double latency_ms = 0.0;   // median time of one batch of latency_rows rows
  // Per layer: ||W - Ŵ|| / ||W|| against the trained weights (structured pruning: against the
  // kept neurons' weights, i.e. the quantization error of the smaller model).
  std::vector<double> layer_error;
};

struct CompressionResult {
  CompressedModel model;
  TrainedModel tuned;  // the float model after pruning / QAT (before quantization)
  CompressionMetrics metrics;
};

// Applies `settings` to `trained` (pruning -> QAT -> quantization), then measures accuracy or
// RMSE on data's test split, storage bytes, batch latency and per-layer weight error.
// InvalidArgument for bad settings; Cancelled when `stop` was requested during fine-tuning.
Result<CompressionResult> CompressTrainedModel(const TrainedModel& trained,
                                               const CompressionSettings& settings,
                                               const CompressionData& data,
                                               std::stop_token stop = {});

// The same, returning only the metrics: what a study objective calls.
Result<CompressionMetrics> CompressAndEvaluate(const TrainedModel& trained,
                                               const CompressionSettings& settings,
                                               const CompressionData& data,
                                               std::stop_token stop = {});

// Test-split metrics and batch latency of an already compressed model (fills accuracy/rmse,
// bytes, float_bytes, sparsity, latency_ms).
void MeasureCompressedModel(const CompressedModel& model, const CompressionData& data,
                            int latency_rows, int latency_repeats, CompressionMetrics* metrics);

}  // namespace optiscope
