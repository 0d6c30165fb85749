// The integer matrix kernel of quantized inference: C (int32) = A (uint8 activations) x B^T
// (int8 weights), with runtime dispatch to AVX-512 VNNI, AVX2 or portable code.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace optiscope {

// Which implementation runs. Every path computes exact integer sums, so all give identical C.
enum class KernelPath { kAuto, kAvx512Vnni, kAvx2, kPortable };
const char* KernelPathName(KernelPath path);

// The paths this CPU can run (kPortable always; AVX2 and AVX-512 VNNI when
// __builtin_cpu_supports says so), fastest first.
std::vector<KernelPath> SupportedKernelPaths();
// The path kAuto resolves to on this CPU (the first of SupportedKernelPaths()).
KernelPath BestKernelPath();

// Weights of one layer packed for the kernel: N output channels x K inputs, padded to K4 (a
// multiple of 4) and N16 (a multiple of 16), stored in the VNNI layout
// [N16/16][K4/4][16 channels][4 consecutive k] so one 64-byte load feeds 16 channels x 4 inputs.
struct PackedInt8Weights {
  int n = 0, k = 0;    // logical sizes
  int n16 = 0, k4 = 0;  // padded sizes
  std::vector<int8_t> data;      // n16 * k4 bytes, padding zero
  std::vector<int32_t> row_sum;  // per channel: sum over k of the weights (zero-point correction)
};

// Packs row-major weights w (n x k, row = output channel). REQUIRES: w.size() == n * k.
PackedInt8Weights PackInt8Weights(std::span<const int8_t> w, int n, int k);

// C[i][j] = sum_k A[i][k] * W[j][k] for i < m, j < b.n, with A rows of `lda` bytes (lda >= b.k4;
// entries k..k4-1 may hold anything, their packed weights are 0) and C rows of `ldc` int32
// (ldc >= b.n16; columns n..n16-1 receive 0). Exact for k <= 65536. `path` kAuto picks BestKernelPath(); a path the CPU lacks
// falls back to kPortable. Thread-compatible (no shared state).
void Int8Gemm(const uint8_t* a, int m, int lda, const PackedInt8Weights& b, int32_t* c, int ldc,
              KernelPath path = KernelPath::kAuto);

// The plain triple loop over unpacked weights (n x k row-major): the reference the kernels are
// tested against. C is m x n, dense.
void ReferenceInt8Gemm(const uint8_t* a, int m, int k, std::span<const int8_t> w, int n,
                       int32_t* c);

}  // namespace optiscope
