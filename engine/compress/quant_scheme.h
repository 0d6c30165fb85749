// Quantization schemes: how float values map to small integers (int8/4/2, ternary, binary), with
// per-tensor or per-channel scales, symmetric or affine ranges and calibrated clipping ranges.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/core/status.h"

namespace optiscope {

// The integer grid of a quantized tensor. Ternary is BitNet b1.58's {-1, 0, 1} (log2 3 = 1.58
// bits of information); binary is {-1, +1} (BinaryConnect / XNOR-Net sign with a mean-|w| scale).
enum class QuantFormat { kInt8, kInt4, kInt2, kTernary, kBinary };

// Parses "8" | "4" | "2" | "1.58" (or "ternary") | "1" (or "binary").
Result<QuantFormat> ParseQuantFormat(const std::string& text);
// "int8", "int4", "int2", "ternary", "binary".
const char* QuantFormatName(QuantFormat format);

// How the clipping range is chosen from the data.
//  kMinMax: the observed range. kPercentile: |x| clipped at the `percentile`-th percentile.
//  kMse: the clip ratio in {1, 0.99, ..., 0.30} x range minimising the mean squared quantization
//  error of the values themselves (a grid search, as in Banner et al. 2019's "optimal clipping").
enum class Calibration { kMinMax, kPercentile, kMse };
Result<Calibration> ParseCalibration(const std::string& text);
const char* CalibrationName(Calibration calibration);

struct QuantSpec {
  QuantFormat format = QuantFormat::kInt8;
  bool per_channel = true;  // one scale per output channel (weights); activations are per tensor
  bool symmetric = true;    // weights: zero point 0; false = affine (ternary/binary: always sym.)
  Calibration calibration = Calibration::kMinMax;
  double percentile = 99.99;  // kPercentile, in (0, 100]
};

// The parameters of one quantized tensor: x̂ = (q - zero_point[c]) * scale[c] for channel c (one
// entry when per tensor). q lies in [qmin, qmax].
struct QuantParams {
  std::vector<float> scale;
  std::vector<int32_t> zero_point;
  int qmin = -128;
  int qmax = 127;
};

// The integer range of a weight format: int8 [-128, 127], int4 [-8, 7], int2 [-2, 1], ternary
// [-1, 1], binary [-1, 1] (values -1 and +1 only).
void WeightRange(QuantFormat format, int* qmin, int* qmax);

// Chooses scale and zero point for `values` viewed as `channels` rows of equal length (row c is
// channel c) under `spec`. Ranges include zero: min' = min(min, 0), max' = max(max, 0).
// Affine: scale = (max' - min') / (qmax - qmin), zero point = clamp(qmin - round(min'/scale)).
// Symmetric: scale = max(|min'|, max') / ((qmax - qmin) / 2), zero point 0 (PyTorch's
// definitions). Ternary: scale = mean|x| (BitNet b1.58 absmean); binary: scale = mean|x|.
// A channel of zeros gets scale 1. REQUIRES: values.size() divisible by channels (>= 1).
QuantParams ChooseWeightParams(std::span<const float> values, int channels, const QuantSpec& spec);

// Activation (unsigned, per tensor) parameters for `bits` (8 or 4): q in [0, 2^bits - 1], affine
// with the range of `values` (calibration sample) clipped by `calibration`.
QuantParams ChooseActivationParams(std::span<const float> values, int bits,
                                   Calibration calibration, double percentile = 99.99);

// q = clamp(round(x / s) + z, qmin, qmax) per channel; binary maps x >= 0 to +1, else -1;
// ternary is RoundClip(x / (s + 1e-6), -1, 1). Rounding: half away from zero (std::lround).
// REQUIRES: out.size() == values.size().
void QuantizeValues(std::span<const float> values, int channels, const QuantParams& params,
                    QuantFormat format, std::span<int8_t> out);
// x̂ = (q - z) * s per channel.
void DequantizeValues(std::span<const int8_t> q, int channels, const QuantParams& params,
                      std::span<float> out);
// Quantize then dequantize in place (fake quantization, for QAT and error measurement).
void FakeQuantize(std::span<float> values, int channels, const QuantSpec& spec);

}  // namespace optiscope
