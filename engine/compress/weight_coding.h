// Storage encodings of quantized weights: bit packing (int4 two per byte, int2 four, ternary five
// trits per byte, binary eight) and adaptive binary range coding (entropy coding, which is what
// makes pruned zeros nearly free), plus IEEE half floats for scales and biases.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/compress/quant_scheme.h"
#include "engine/core/status.h"

namespace optiscope {

// Packs q (values in the format's range) densely: int8 1 byte, int4 2 per byte, int2 4 per
// byte, ternary 5 per byte (base 3), binary 8 per byte (bit set = +1).
std::vector<uint8_t> PackWeights(std::span<const int8_t> q, QuantFormat format);
// Inverse of PackWeights for `count` values. DataLoss-like InvalidArgument when `bytes` is short.
Status UnpackWeights(std::span<const uint8_t> bytes, QuantFormat format, size_t count,
                     std::vector<int8_t>* q);

// Range-codes q (values in [qmin, qmax]) with an adaptive binary model: each value is coded as
// the bits of q - qmin through a bit tree of adaptive probabilities (the binary range coder of
// LZMA, Pavlov; arithmetic coding, Witten, Neal & Cleary 1987). Costs about the empirical
// entropy of the values, so a 70%-zero layer costs ~0.9 bit per zero-or-not decision.
std::vector<uint8_t> RangeEncodeWeights(std::span<const int8_t> q, int qmin, int qmax);
// Decodes `count` values. InvalidArgument when the stream ends early or is not a valid stream.
Status RangeDecodeWeights(std::span<const uint8_t> bytes, int qmin, int qmax, size_t count,
                          std::vector<int8_t>* q);

// Everything of one quantized layer that the compressed file (version 2) entropy-codes in one
// range-coded stream, each part with its own adaptive model: the per-channel scale codes (8-bit
// bit tree; they cluster near 0), the zero points, the weight codes (as RangeEncodeWeights) and
// the int8 bias codes (non-zero flag, sign, magnitude tree).
struct LayerCodes {
  std::vector<uint8_t> scale_codes;  // empty for per-tensor scales
  std::vector<int8_t> zero_points;   // empty for symmetric weights
  std::vector<int8_t> q;             // weights, values in [qmin, qmax]
  std::vector<int8_t> bias;          // bias codes
};
std::vector<uint8_t> RangeEncodeLayer(const LayerCodes& codes, int qmin, int qmax);
// Decodes into `codes`, whose vectors must already have the expected sizes. InvalidArgument when
// the stream is truncated or decodes to values outside their ranges.
Status RangeDecodeLayer(std::span<const uint8_t> bytes, int qmin, int qmax, LayerCodes* codes);

// Per-channel scales stored as one byte each relative to the layer's largest scale s_max, on a
// logarithmic grid of 16 steps per octave (a two-level "double quantization" of the quantization
// constants, as in Dettmers et al. 2023, QLoRA): s = s_max * 2^(-code/16), relative error <= 2.2%.
uint8_t ScaleCode(float scale, float max_scale);
float ScaleFromCode(uint8_t code, float max_scale);

// IEEE 754 binary16 conversion (round to nearest even; overflow to infinity).
uint16_t FloatToHalf(float f);
float HalfToFloat(uint16_t h);
// f rounded to the nearest half-precision value.
inline float RoundToHalf(float f) { return HalfToFloat(FloatToHalf(f)); }

}  // namespace optiscope
