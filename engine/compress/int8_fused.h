// The int8 layer kernel with its epilogue fused in: uint8 activations x packed int8 weights ->
// int32 sums kept in registers -> bias, scale, ReLU and requantization to the next layer's uint8
// codes (or scaled float outputs) in one pass, with no intermediate int32 or float matrix.
#pragma once

#include <cstdint>

#include "engine/compress/int8_gemm.h"

namespace optiscope {

// What the kernel does with the int32 sums acc[i][j] = sum_k A[i][k] W[j][k] of one layer.
// Exactly one of `codes` (requantize) or `out` (float) is set. Every array indexed by channel has
// b.n16 entries (the padding channels' entries are 0).
//  Requantize: codes[i][j] = round(clamp(float(acc + bias[j]) * mult[j], lo, hi)) + zero for all
//    j < n16 (the fp32 requantization of XNNPACK; lo = max(0, z) - z folds ReLU into the clamp).
//    Rounding is to nearest, ties to even. Rows of `codes` are `ld_codes` >= n16 bytes.
//  Float: out[i][j] = fma(float(acc), scale[j], bias_f[j]) for j < n; rows of `ld_out` floats.
struct Int8Epilogue {
  const int32_t* bias = nullptr;
  const float* mult = nullptr;
  float lo = 0.0f, hi = 255.0f;
  int32_t zero = 0;
  uint8_t* codes = nullptr;
  int ld_codes = 0;
  const float* scale = nullptr;
  const float* bias_f = nullptr;
  float* out = nullptr;
  int ld_out = 0;
};

// Runs one layer for m rows of A (rows of `lda` >= b.k4 bytes; entries k..k4-1 may hold anything,
// their weights are 0) with the epilogue `e`. All paths give bit-identical results (integer sums
// are exact; the epilogue uses the same float operations in the same order on every path).
// The AVX-512 VNNI path keeps a 4-row x 64-channel block of sums in registers; the other paths
// compute Int8Gemm into a small per-thread buffer and apply the same epilogue. Thread-compatible.
void Int8GemmFused(const uint8_t* a, int m, int lda, const PackedInt8Weights& b,
                   const Int8Epilogue& e, KernelPath path = KernelPath::kAuto);

// The same epilogue applied to precomputed sums `acc` (m rows of `ld_acc` >= b.n16 int32), e.g.
// after a zero-point correction the fused kernel does not do. Bit-identical to Int8GemmFused.
void ApplyInt8Epilogue(const int32_t* acc, int m, int ld_acc, const PackedInt8Weights& b,
                       const Int8Epilogue& e);

// Quantizes m rows of k floats (rows `ld_x` apart) to uint8 codes: code = round(clamp(x * inv,
// lo, hi)) + zero (ties to even), rows of `ld_codes` bytes (entries k..ld_codes-1 set to `zero`).
void QuantizeRows(const float* x, int m, int k, int ld_x, float inv, float lo, float hi,
                  int32_t zero, uint8_t* codes, int ld_codes);

}  // namespace optiscope
