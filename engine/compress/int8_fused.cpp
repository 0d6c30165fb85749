#include "engine/compress/int8_fused.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace optiscope {

namespace {

// Round to nearest, ties to even, for |v| < 2^22 with plain float adds (what cvtps2dq does under
// the default rounding mode). Every caller clamps to a code range first.
inline float RoundNearest(float v) {
  constexpr float kMagic = 12582912.0f;  // 1.5 * 2^23
  return (v + kMagic) - kMagic;
}

bool CpuHasAvx512() {
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl");
#else
  return false;
#endif
}

// The epilogue on int32 sums `acc` (rows of ld_acc) for rows [row0, row0 + rows).
void ScalarEpilogue(const int32_t* acc, int rows, int ld_acc, int row0, int n, int n16,
                    const Int8Epilogue& e) {
  for (int r = 0; r < rows; ++r) {
    const int32_t* a = acc + static_cast<size_t>(r) * ld_acc;
    if (e.codes) {
      uint8_t* out = e.codes + static_cast<size_t>(row0 + r) * e.ld_codes;
      for (int j = 0; j < n16; ++j) {
        const int32_t s = static_cast<int32_t>(static_cast<uint32_t>(a[j]) +
                                               static_cast<uint32_t>(e.bias[j]));
        float f = static_cast<float>(s) * e.mult[j];
        f = std::min(std::max(f, e.lo), e.hi);
        out[j] = static_cast<uint8_t>(static_cast<int>(RoundNearest(f)) + e.zero);
      }
    } else {
      float* out = e.out + static_cast<size_t>(row0 + r) * e.ld_out;
      for (int j = 0; j < n; ++j) out[j] = std::fma(static_cast<float>(a[j]), e.scale[j], e.bias_f[j]);
    }
  }
}

void FusedViaGemm(const uint8_t* a, int m, int lda, const PackedInt8Weights& b,
                  const Int8Epilogue& e, KernelPath path) {
  constexpr int kRows = 16;
  thread_local std::vector<int32_t> acc;
  acc.resize(static_cast<size_t>(kRows) * b.n16);
  for (int i = 0; i < m; i += kRows) {
    const int rows = std::min(kRows, m - i);
    Int8Gemm(a + static_cast<size_t>(i) * lda, rows, lda, b, acc.data(), b.n16, path);
    ScalarEpilogue(acc.data(), rows, b.n16, i, b.n, b.n16, e);
  }
}

#if defined(__x86_64__)
#define OPTISCOPE_VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))

inline int32_t LoadGroup(const uint8_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// R rows x B blocks of 16 channels: R*B accumulators in registers over all K, then the epilogue
// straight from the registers. One 64-byte weight load per block and one broadcast per row feed
// R*B vpdpbusd per group of 4 inputs.
template <int R, int B>
OPTISCOPE_VNNI void VnniTile(const uint8_t* a, int lda, const PackedInt8Weights& b, int row0,
                             int nb0, const Int8Epilogue& e) {
  const int groups = b.k4 / 4;
  __m512i acc[R][B];
  for (int r = 0; r < R; ++r)
    for (int j = 0; j < B; ++j) acc[r][j] = _mm512_setzero_si512();
  const int8_t* w0 = b.data.data() + static_cast<size_t>(nb0) * groups * 64;
  const size_t block = static_cast<size_t>(groups) * 64;
  const uint8_t* a0 = a + static_cast<size_t>(row0) * lda;
  for (int g = 0; g < groups; ++g) {
    __m512i w[B];
    for (int j = 0; j < B; ++j) w[j] = _mm512_loadu_si512(w0 + j * block + g * 64);
    for (int r = 0; r < R; ++r) {
      const __m512i x = _mm512_set1_epi32(LoadGroup(a0 + static_cast<size_t>(r) * lda + 4 * g));
      for (int j = 0; j < B; ++j) acc[r][j] = _mm512_dpbusd_epi32(acc[r][j], x, w[j]);
    }
  }
  if (e.codes) {
    const __m512 lo = _mm512_set1_ps(e.lo), hi = _mm512_set1_ps(e.hi);
    const __m512i zero = _mm512_set1_epi32(e.zero);
    for (int j = 0; j < B; ++j) {
      const int c = (nb0 + j) * 16;
      const __m512i bias = _mm512_loadu_si512(e.bias + c);
      const __m512 mult = _mm512_loadu_ps(e.mult + c);
      for (int r = 0; r < R; ++r) {
        __m512 f = _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_add_epi32(acc[r][j], bias)), mult);
        f = _mm512_min_ps(_mm512_max_ps(f, lo), hi);
        const __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(f), zero);
        _mm_storeu_si128(reinterpret_cast<__m128i*>(
                             e.codes + static_cast<size_t>(row0 + r) * e.ld_codes + c),
                         _mm512_cvtepi32_epi8(q));
      }
    }
  } else {
    for (int j = 0; j < B; ++j) {
      const int c = (nb0 + j) * 16;
      const int valid = std::min(16, b.n - c);
      const __mmask16 mask = static_cast<__mmask16>((1u << valid) - 1);
      const __m512 scale = _mm512_loadu_ps(e.scale + c);
      const __m512 bias = _mm512_loadu_ps(e.bias_f + c);
      for (int r = 0; r < R; ++r) {
        const __m512 f = _mm512_fmadd_ps(_mm512_cvtepi32_ps(acc[r][j]), scale, bias);
        _mm512_mask_storeu_ps(e.out + static_cast<size_t>(row0 + r) * e.ld_out + c, mask, f);
      }
    }
  }
}

using TileFn = void (*)(const uint8_t*, int, const PackedInt8Weights&, int, int,
                        const Int8Epilogue&);

template <int R>
constexpr TileFn TileFor(int blocks) {
  switch (blocks) {
    case 1: return VnniTile<R, 1>;
    case 2: return VnniTile<R, 2>;
    case 3: return VnniTile<R, 3>;
    default: return VnniTile<R, 4>;
  }
}

TileFn Tile(int rows, int blocks) {
  switch (rows) {
    case 1: return TileFor<1>(blocks);
    case 2: return TileFor<2>(blocks);
    case 3: return TileFor<3>(blocks);
    default: return TileFor<4>(blocks);
  }
}

void FusedVnni(const uint8_t* a, int m, int lda, const PackedInt8Weights& b,
               const Int8Epilogue& e) {
  constexpr int kRows = 4, kBlocks = 4;
  const int blocks = b.n16 / 16;
  for (int i = 0; i < m; i += kRows) {
    const int rows = std::min(kRows, m - i);
    for (int nb = 0; nb < blocks; nb += kBlocks) {
      Tile(rows, std::min(kBlocks, blocks - nb))(a, lda, b, i, nb, e);
    }
  }
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) void QuantizeRowsAvx512(
    const float* x, int m, int k, int ld_x, float inv, float lo, float hi, int32_t zero,
    uint8_t* codes, int ld_codes) {
  const __m512 vinv = _mm512_set1_ps(inv), vlo = _mm512_set1_ps(lo), vhi = _mm512_set1_ps(hi);
  const __m512i vzero = _mm512_set1_epi32(zero);
  for (int i = 0; i < m; ++i) {
    const float* in = x + static_cast<size_t>(i) * ld_x;
    uint8_t* out = codes + static_cast<size_t>(i) * ld_codes;
    int j = 0;
    for (; j < k; j += 16) {
      const int valid = std::min(16, k - j);
      const __mmask16 mask = static_cast<__mmask16>((1u << valid) - 1);
      __m512 f = _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, in + j), vinv);
      f = _mm512_min_ps(_mm512_max_ps(f, vlo), vhi);
      const __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(f), vzero);
      _mm_mask_storeu_epi8(out + j, mask, _mm512_cvtepi32_epi8(q));
    }
    for (j = k; j < ld_codes; ++j) out[j] = static_cast<uint8_t>(zero);
  }
}
#endif

}  // namespace

void Int8GemmFused(const uint8_t* a, int m, int lda, const PackedInt8Weights& b,
                   const Int8Epilogue& e, KernelPath path) {
  if (path == KernelPath::kAuto) path = BestKernelPath();
#if defined(__x86_64__)
  if (path == KernelPath::kAvx512Vnni && BestKernelPath() == KernelPath::kAvx512Vnni) {
    return FusedVnni(a, m, lda, b, e);
  }
#endif
  FusedViaGemm(a, m, lda, b, e, path);
}

void ApplyInt8Epilogue(const int32_t* acc, int m, int ld_acc, const PackedInt8Weights& b,
                       const Int8Epilogue& e) {
  ScalarEpilogue(acc, m, ld_acc, 0, b.n, b.n16, e);
}

void QuantizeRows(const float* x, int m, int k, int ld_x, float inv, float lo, float hi,
                  int32_t zero, uint8_t* codes, int ld_codes) {
#if defined(__x86_64__)
  static const bool avx512 = CpuHasAvx512();
  if (avx512) return QuantizeRowsAvx512(x, m, k, ld_x, inv, lo, hi, zero, codes, ld_codes);
#endif
  for (int i = 0; i < m; ++i) {
    const float* in = x + static_cast<size_t>(i) * ld_x;
    uint8_t* out = codes + static_cast<size_t>(i) * ld_codes;
    for (int j = 0; j < k; ++j) {
      const float f = std::min(std::max(in[j] * inv, lo), hi);
      out[j] = static_cast<uint8_t>(static_cast<int>(RoundNearest(f)) + zero);
    }
    for (int j = k; j < ld_codes; ++j) out[j] = static_cast<uint8_t>(zero);
  }
}

}  // namespace optiscope
