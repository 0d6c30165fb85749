#include "engine/compress/int8_gemm.h"

#include <immintrin.h>

#include <cstring>

namespace optiscope {

const char* KernelPathName(KernelPath path) {
  switch (path) {
    case KernelPath::kAuto: return "auto";
    case KernelPath::kAvx512Vnni: return "avx512_vnni";
    case KernelPath::kAvx2: return "avx2";
    case KernelPath::kPortable: return "portable";
  }
  return "?";
}

namespace {

bool CpuHasVnni() {
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vnni");
#else
  return false;
#endif
}

bool CpuHasAvx2() {
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx2");
#else
  return false;
#endif
}

int32_t LoadGroup(const uint8_t* p) {
  int32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Portable: the same packed traversal in plain C++.
void GemmPortable(const uint8_t* a, int m, int lda, const PackedInt8Weights& b, int32_t* c,
                  int ldc) {
  const int groups = b.k4 / 4;
  for (int i = 0; i < m; ++i) {
    const uint8_t* ar = a + static_cast<size_t>(i) * lda;
    for (int nb = 0; nb < b.n16 / 16; ++nb) {
      int32_t acc[16] = {};
      const int8_t* bp = b.data.data() + static_cast<size_t>(nb) * groups * 64;
      for (int g = 0; g < groups; ++g, bp += 64) {
        const uint8_t* ag = ar + 4 * g;
        for (int j = 0; j < 16; ++j) {
          acc[j] += ag[0] * bp[4 * j] + ag[1] * bp[4 * j + 1] + ag[2] * bp[4 * j + 2] +
                    ag[3] * bp[4 * j + 3];
        }
      }
      std::memcpy(c + static_cast<size_t>(i) * ldc + nb * 16, acc, sizeof(acc));
    }
  }
}

#if defined(__x86_64__)
// AVX-512 VNNI: vpdpbusd adds 4 u8*s8 products per int32 lane exactly. 4 rows x 16 channels per
// register block, one 64-byte weight load shared by the 4 rows.
__attribute__((target("avx512f,avx512bw,avx512vnni"))) void GemmVnni(
    const uint8_t* a, int m, int lda, const PackedInt8Weights& b, int32_t* c, int ldc) {
  const int groups = b.k4 / 4;
  int i = 0;
  const int blocks = b.n16 / 16;
  for (; i + 4 <= m; i += 4) {
    const uint8_t* a0 = a + static_cast<size_t>(i) * lda;
    int nb = 0;
    // Two channel blocks at once: 8 accumulators, 2 weight loads + 4 broadcasts per 8 vpdpbusd.
    for (; nb + 2 <= blocks; nb += 2) {
      __m512i c0 = _mm512_setzero_si512(), c1 = c0, c2 = c0, c3 = c0;
      __m512i d0 = c0, d1 = c0, d2 = c0, d3 = c0;
      const int8_t* bp = b.data.data() + static_cast<size_t>(nb) * groups * 64;
      const int8_t* bq = bp + static_cast<size_t>(groups) * 64;
      for (int g = 0; g < groups; ++g, bp += 64, bq += 64) {
        const __m512i w = _mm512_loadu_si512(bp);
        const __m512i v = _mm512_loadu_si512(bq);
        const __m512i x0 = _mm512_set1_epi32(LoadGroup(a0 + 4 * g));
        const __m512i x1 = _mm512_set1_epi32(LoadGroup(a0 + lda + 4 * g));
        const __m512i x2 = _mm512_set1_epi32(LoadGroup(a0 + 2 * lda + 4 * g));
        const __m512i x3 = _mm512_set1_epi32(LoadGroup(a0 + 3 * lda + 4 * g));
        c0 = _mm512_dpbusd_epi32(c0, x0, w);
        d0 = _mm512_dpbusd_epi32(d0, x0, v);
        c1 = _mm512_dpbusd_epi32(c1, x1, w);
        d1 = _mm512_dpbusd_epi32(d1, x1, v);
        c2 = _mm512_dpbusd_epi32(c2, x2, w);
        d2 = _mm512_dpbusd_epi32(d2, x2, v);
        c3 = _mm512_dpbusd_epi32(c3, x3, w);
        d3 = _mm512_dpbusd_epi32(d3, x3, v);
      }
      int32_t* cp = c + static_cast<size_t>(i) * ldc + nb * 16;
      _mm512_storeu_si512(cp, c0);
      _mm512_storeu_si512(cp + 16, d0);
      _mm512_storeu_si512(cp + ldc, c1);
      _mm512_storeu_si512(cp + ldc + 16, d1);
      _mm512_storeu_si512(cp + 2 * ldc, c2);
      _mm512_storeu_si512(cp + 2 * ldc + 16, d2);
      _mm512_storeu_si512(cp + 3 * ldc, c3);
      _mm512_storeu_si512(cp + 3 * ldc + 16, d3);
    }
    for (; nb < blocks; ++nb) {
      __m512i c0 = _mm512_setzero_si512(), c1 = c0, c2 = c0, c3 = c0;
      const int8_t* bp = b.data.data() + static_cast<size_t>(nb) * groups * 64;
      for (int g = 0; g < groups; ++g, bp += 64) {
        const __m512i w = _mm512_loadu_si512(bp);
        c0 = _mm512_dpbusd_epi32(c0, _mm512_set1_epi32(LoadGroup(a0 + 4 * g)), w);
        c1 = _mm512_dpbusd_epi32(c1, _mm512_set1_epi32(LoadGroup(a0 + lda + 4 * g)), w);
        c2 = _mm512_dpbusd_epi32(c2, _mm512_set1_epi32(LoadGroup(a0 + 2 * lda + 4 * g)), w);
        c3 = _mm512_dpbusd_epi32(c3, _mm512_set1_epi32(LoadGroup(a0 + 3 * lda + 4 * g)), w);
      }
      int32_t* cp = c + static_cast<size_t>(i) * ldc + nb * 16;
      _mm512_storeu_si512(cp, c0);
      _mm512_storeu_si512(cp + ldc, c1);
      _mm512_storeu_si512(cp + 2 * ldc, c2);
      _mm512_storeu_si512(cp + 3 * ldc, c3);
    }
  }
  for (; i < m; ++i) {
    const uint8_t* ar = a + static_cast<size_t>(i) * lda;
    for (int nb = 0; nb < b.n16 / 16; ++nb) {
      __m512i acc = _mm512_setzero_si512();
      const int8_t* bp = b.data.data() + static_cast<size_t>(nb) * groups * 64;
      for (int g = 0; g < groups; ++g, bp += 64) {
        acc = _mm512_dpbusd_epi32(acc, _mm512_set1_epi32(LoadGroup(ar + 4 * g)),
                                  _mm512_loadu_si512(bp));
      }
      _mm512_storeu_si512(c + static_cast<size_t>(i) * ldc + nb * 16, acc);
    }
  }
}

// AVX2: no saturating vpmaddubsw (u8*s8 pairs overflow int16); instead both operands are widened
// to int16 and vpmaddwd sums pairs into int32 exactly. Pair sums are folded with vphaddd at the
// end of each block.
__attribute__((target("avx2"))) void GemmAvx2(const uint8_t* a, int m, int lda,
                                              const PackedInt8Weights& b, int32_t* c, int ldc) {
  const int groups = b.k4 / 4;
  const __m256i order = _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7);
  constexpr int kRows = 2;
  int i = 0;
  auto block = [&](int row, int rows) {
    for (int nb = 0; nb < b.n16 / 16; ++nb) {
      // Per row: 4 accumulators covering channels 0-3, 4-7, 8-11, 12-15 (pairs of partial sums).
      __m256i acc[kRows][4];
      for (int r = 0; r < rows; ++r)
        for (int h = 0; h < 4; ++h) acc[r][h] = _mm256_setzero_si256();
      const int8_t* bp = b.data.data() + static_cast<size_t>(nb) * groups * 64;
      for (int g = 0; g < groups; ++g, bp += 64) {
        __m256i w[4];
        for (int h = 0; h < 4; ++h) {
          w[h] = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(bp) + h));
        }
        for (int r = 0; r < rows; ++r) {
          const uint8_t* ag = a + static_cast<size_t>(row + r) * lda + 4 * g;
          const __m256i av = _mm256_cvtepu8_epi16(_mm_set1_epi32(LoadGroup(ag)));
          for (int h = 0; h < 4; ++h) {
            acc[r][h] = _mm256_add_epi32(acc[r][h], _mm256_madd_epi16(av, w[h]));
          }
        }
      }
      for (int r = 0; r < rows; ++r) {
        int32_t* cp = c + static_cast<size_t>(row + r) * ldc + nb * 16;
        const __m256i lo = _mm256_permutevar8x32_epi32(_mm256_hadd_epi32(acc[r][0], acc[r][1]),
                                                       order);
        const __m256i hi = _mm256_permutevar8x32_epi32(_mm256_hadd_epi32(acc[r][2], acc[r][3]),
                                                       order);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(cp), lo);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(cp + 8), hi);
      }
    }
  };
  for (; i + kRows <= m; i += kRows) block(i, kRows);
  for (; i < m; ++i) block(i, 1);
}
#endif

}  // namespace

std::vector<KernelPath> SupportedKernelPaths() {
  std::vector<KernelPath> paths;
  if (CpuHasVnni()) paths.push_back(KernelPath::kAvx512Vnni);
  if (CpuHasAvx2()) paths.push_back(KernelPath::kAvx2);
  paths.push_back(KernelPath::kPortable);
  return paths;
}

KernelPath BestKernelPath() {
  static const KernelPath best = SupportedKernelPaths().front();
  return best;
}

PackedInt8Weights PackInt8Weights(std::span<const int8_t> w, int n, int k) {
  PackedInt8Weights p;
  p.n = n;
  p.k = k;
  p.n16 = (n + 15) / 16 * 16;
  p.k4 = (k + 3) / 4 * 4;
  p.data.assign(static_cast<size_t>(p.n16) * p.k4, 0);
  p.row_sum.assign(n, 0);
  const int groups = p.k4 / 4;
  for (int j = 0; j < n; ++j) {
    for (int kk = 0; kk < k; ++kk) {
      const int8_t v = w[static_cast<size_t>(j) * k + kk];
      p.row_sum[j] += v;
      const size_t at = (static_cast<size_t>(j / 16) * groups + kk / 4) * 64 + (j % 16) * 4 + kk % 4;
      p.data[at] = v;
    }
  }
  return p;
}

void Int8Gemm(const uint8_t* a, int m, int lda, const PackedInt8Weights& b, int32_t* c, int ldc,
              KernelPath path) {
  if (path == KernelPath::kAuto) path = BestKernelPath();
#if defined(__x86_64__)
  if (path == KernelPath::kAvx512Vnni && CpuHasVnni()) return GemmVnni(a, m, lda, b, c, ldc);
  if (path == KernelPath::kAvx2 && CpuHasAvx2()) return GemmAvx2(a, m, lda, b, c, ldc);
#endif
  GemmPortable(a, m, lda, b, c, ldc);
}

void ReferenceInt8Gemm(const uint8_t* a, int m, int k, std::span<const int8_t> w, int n,
                       int32_t* c) {
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      int64_t s = 0;
      for (int kk = 0; kk < k; ++kk) {
        s += static_cast<int64_t>(a[static_cast<size_t>(i) * k + kk]) * w[static_cast<size_t>(j) * k + kk];
      }
      c[static_cast<size_t>(i) * n + j] = static_cast<int32_t>(s);
    }
  }
}

}  // namespace optiscope
