// Fine-tuning for compression: gradual magnitude pruning with the polynomial schedule (masks
// re-applied after every update, optional lottery-ticket rewinding) and quantization-aware
// training (fake quantization in the forward pass, straight-through gradients).
#pragma once

#include <stop_token>
#include <vector>

#include "engine/compress/compression_data.h"
#include "engine/compress/pruning.h"
#include "engine/compress/quant_scheme.h"
#include "engine/core/status.h"
#include "engine/train/trained_model.h"

namespace optiscope {

struct FineTuneOptions {
  int epochs = 10;
  int batch_size = 32;
  double learning_rate = 1e-3;  // Adam
  uint64_t seed = 0;
};

struct PruneOptions {
  double sparsity = 0.7;  // final fraction of zero weights
  PruneScope scope = PruneScope::kLayer;
  bool fine_tune = true;  // false: one-shot magnitude pruning
  // Gradual pruning: the sparsity follows PolynomialSparsity from 0 at update 0 to `sparsity` at
  // ramp_fraction of the fine-tuning updates, masks recomputed every `frequency` updates; the
  // rest of the epochs fine-tune with the final mask.
  double ramp_fraction = 0.6;
  int frequency = 50;
  // Lottery ticket (Frankle & Carbin 2019): after gradual pruning, rewind the kept weights to
  // `rewind_params` (the initial weights, same size as the model's) and retrain with the mask.
  bool lottery_ticket = false;
  std::vector<float> rewind_params;
  FineTuneOptions fine;
};

// Prunes `trained` to options.sparsity (exactly floor(s * n) zeros per layer, or globally) and,
// unless fine_tune is false, fine-tunes on data.X_train with the gradual schedule. The returned
// model has exactly that many zero weights. Cancelled when `stop` is requested.
Result<TrainedModel> PruneModel(const TrainedModel& trained, const CompressionData& data,
                                const PruneOptions& options, std::stop_token stop = {});

// Quantization-aware fine-tuning (Jacob et al. 2018): every forward pass uses weights fake-
// quantized with `spec` (biases stay float), gradients update the float weights (straight-through
// estimator). Zero weights stay zero when `keep_zeros` (a pruned model). Returns the float
// weights; quantize them with the same spec afterwards.
Result<TrainedModel> QuantizationAwareTraining(const TrainedModel& trained,
                                               const CompressionData& data, const QuantSpec& spec,
                                               const FineTuneOptions& options, bool keep_zeros,
                                               std::stop_token stop = {});

}  // namespace optiscope
