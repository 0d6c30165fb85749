// Builds a CompressedModel from a trained dense model: weight quantization (PTQ) with a QuantSpec
// and static activation quantization calibrated on a held-out sample.
#pragma once

#include "engine/compress/compressed_model.h"
#include "engine/compress/quant_scheme.h"
#include "engine/core/status.h"
#include "engine/train/trained_model.h"

namespace optiscope {

struct CompressionSpec {
  bool quantize_weights = true;  // false: float32 weights (a pruned-only or the baseline model)
  QuantSpec weights;
  // Static activation quantization of every layer's input (uint8 codes, affine, per tensor),
  // calibrated on the rows given to BuildCompressedModel: 8 or 4, or 0 for float activations
  // (weight-only quantization). Ignored when quantize_weights is false.
  int activation_bits = 8;
  Calibration activation_calibration = Calibration::kMinMax;
  double activation_percentile = 99.99;
  KernelPath kernel = KernelPath::kAuto;
};

// Quantizes `trained` (an mlp / logistic / linear dense model) per `spec`. Scales are rounded to
// half precision before quantizing and biases of quantized layers are stored in half precision,
// so the model equals what its file holds. `calibration` are preprocessed rows (the held-out
// sample) used to choose activation ranges. The result is Prepare()d.
Result<CompressedModel> BuildCompressedModel(const TrainedModel& trained,
                                             const CompressionSpec& spec, const Mat& calibration);

}  // namespace optiscope
