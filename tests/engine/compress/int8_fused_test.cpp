// The fused int8 layer kernel (sums + requantization or float epilogue in one pass) gives
// bit-identical results on every dispatch path, equal to the reference sums followed by the
// documented epilogue formulas; row and channel tails (m % 4, n % 16) are covered.
#include "engine/compress/int8_fused.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/core/rng.h"

namespace optiscope {
namespace int8_fused_test {

struct Case {
  int m, k, n;
};

TEST(Int8FusedTest, EveryPathRequantizesAndScalesExactlyAsTheFormulas) {
  Rng rng(11);
  for (const Case c : {Case{37, 61, 45}, Case{64, 64, 128}, Case{6, 128, 64}, Case{3, 5, 10},
                       Case{130, 64, 10}}) {
    std::vector<int8_t> w(static_cast<size_t>(c.n) * c.k);
    for (int8_t& v : w) v = static_cast<int8_t>(static_cast<int>(rng.UniformInt(255)) - 127);
    const PackedInt8Weights packed = PackInt8Weights(w, c.n, c.k);
    const int n16 = packed.n16, lda = packed.k4;
    std::vector<uint8_t> a(static_cast<size_t>(c.m) * lda), dense(static_cast<size_t>(c.m) * c.k);
    for (int i = 0; i < c.m; ++i) {
      for (int j = 0; j < lda; ++j) {
        // The padding entries hold garbage on purpose: their weights are zero.
        const uint8_t v = static_cast<uint8_t>(rng.UniformInt(256));
        a[static_cast<size_t>(i) * lda + j] = v;
        if (j < c.k) dense[static_cast<size_t>(i) * c.k + j] = v;
      }
    }
    std::vector<int32_t> sums(static_cast<size_t>(c.m) * c.n);
    ReferenceInt8Gemm(dense.data(), c.m, c.k, w, c.n, sums.data());
    std::vector<int32_t> bias(n16, 0);
    std::vector<float> mult(n16, 0.0f), scale(n16, 0.0f), bias_f(n16, 0.0f);
    for (int j = 0; j < c.n; ++j) {
      bias[j] = static_cast<int32_t>(rng.UniformInt(20001)) - 10000;
      mult[j] = static_cast<float>(1e-4 * (1 + rng.UniformInt(100)));
      scale[j] = static_cast<float>(1e-3 * (1 + rng.UniformInt(100)));
      bias_f[j] = static_cast<float>(0.01 * (static_cast<int>(rng.UniformInt(201)) - 100));
    }
    const int32_t zero = 3;
    const float lo = 0.0f, hi = 255.0f - zero;
    // Expected results from the formulas of int8_fused.h.
    std::vector<uint8_t> want_codes(static_cast<size_t>(c.m) * n16);
    std::vector<float> want_out(static_cast<size_t>(c.m) * c.n);
    for (int i = 0; i < c.m; ++i) {
      for (int j = 0; j < n16; ++j) {
        const int32_t s = j < c.n ? sums[static_cast<size_t>(i) * c.n + j] : 0;
        const float f = std::clamp(static_cast<float>(s + bias[j]) * mult[j], lo, hi);
        want_codes[static_cast<size_t>(i) * n16 + j] =
            static_cast<uint8_t>(static_cast<int>(std::nearbyint(f)) + zero);
        if (j < c.n) {
          want_out[static_cast<size_t>(i) * c.n + j] = std::fma(static_cast<float>(s), scale[j], bias_f[j]);
        }
      }
    }
    for (KernelPath path : SupportedKernelPaths()) {
      SCOPED_TRACE(std::string(KernelPathName(path)) + " m=" + std::to_string(c.m) +
                   " k=" + std::to_string(c.k) + " n=" + std::to_string(c.n));
      std::vector<uint8_t> codes(static_cast<size_t>(c.m) * n16, 0xAA);
      Int8Epilogue requant;
      requant.bias = bias.data();
      requant.mult = mult.data();
      requant.lo = lo;
      requant.hi = hi;
      requant.zero = zero;
      requant.codes = codes.data();
      requant.ld_codes = n16;
      Int8GemmFused(a.data(), c.m, lda, packed, requant, path);
      EXPECT_EQ(codes, want_codes);
      // Float epilogue; one extra column per row must stay untouched (only j < n is written).
      const int ld_out = c.n + 1;
      std::vector<float> out(static_cast<size_t>(c.m) * ld_out, -7.0f);
      Int8Epilogue scaled;
      scaled.scale = scale.data();
      scaled.bias_f = bias_f.data();
      scaled.out = out.data();
      scaled.ld_out = ld_out;
      Int8GemmFused(a.data(), c.m, lda, packed, scaled, path);
      for (int i = 0; i < c.m; ++i) {
        for (int j = 0; j < c.n; ++j) {
          ASSERT_EQ(out[static_cast<size_t>(i) * ld_out + j], want_out[static_cast<size_t>(i) * c.n + j])
              << i << "," << j;
        }
        ASSERT_EQ(out[static_cast<size_t>(i) * ld_out + c.n], -7.0f);
      }
    }
  }
}

TEST(Int8FusedTest, QuantizeRowsRoundsHalfToEvenAndClamps) {
  const std::vector<float> x = {0.5f, 1.5f, 2.5f, -0.5f, 1000.0f, -1000.0f, 0.26f};
  std::vector<uint8_t> codes(8, 0xAA);
  // inv 1, zero 10: code = round(clamp(x, -10, 245)) + 10; the padding entry gets the zero point.
  QuantizeRows(x.data(), 1, 7, 7, 1.0f, -10.0f, 245.0f, 10, codes.data(), 8);
  EXPECT_EQ(codes, (std::vector<uint8_t>{10, 12, 12, 10, 255, 0, 10, 10}));
}

}  // namespace int8_fused_test
}  // namespace optiscope
