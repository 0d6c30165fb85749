// The int8 kernel is bit-exact against the scalar reference on every dispatch path this CPU has.
#include "engine/compress/int8_gemm.h"

#include <gtest/gtest.h>

#include "engine/core/rng.h"

namespace optiscope {
namespace int8_gemm_test {

TEST(Int8GemmTest, EveryPathMatchesTheReferenceExactly) {
  Rng rng(7);
  // Odd sizes exercise the row, channel and k padding; extreme values the int32 range.
  for (auto [m, k, n] : {std::tuple{37, 61, 45}, std::tuple{4, 128, 64}, std::tuple{1, 3, 1},
                         std::tuple{1024, 64, 10}}) {
    std::vector<int8_t> w(static_cast<size_t>(n) * k);
    for (int8_t& v : w) v = static_cast<int8_t>(static_cast<int>(rng.UniformInt(256)) - 128);
    w[0] = -128;
    const PackedInt8Weights packed = PackInt8Weights(w, n, k);
    std::vector<uint8_t> a(static_cast<size_t>(m) * packed.k4, 0), dense(static_cast<size_t>(m) * k);
    for (int i = 0; i < m; ++i) {
      for (int j = 0; j < k; ++j) {
        const uint8_t v = static_cast<uint8_t>(rng.UniformInt(256));
        a[static_cast<size_t>(i) * packed.k4 + j] = v;
        dense[static_cast<size_t>(i) * k + j] = v;
      }
    }
    a[0] = dense[0] = 255;
    std::vector<int32_t> ref(static_cast<size_t>(m) * n);
    ReferenceInt8Gemm(dense.data(), m, k, w, n, ref.data());
    const std::vector<KernelPath> paths = SupportedKernelPaths();
    ASSERT_EQ(paths.back(), KernelPath::kPortable);
    for (KernelPath path : paths) {
      std::vector<int32_t> c(static_cast<size_t>(m) * packed.n16, -1);
      Int8Gemm(a.data(), m, packed.k4, packed, c.data(), packed.n16, path);
      for (int i = 0; i < m; ++i) {
        for (int j = 0; j < n; ++j) {
          ASSERT_EQ(c[static_cast<size_t>(i) * packed.n16 + j], ref[static_cast<size_t>(i) * n + j])
              << KernelPathName(path) << " m=" << m << " k=" << k << " n=" << n << " at " << i
              << "," << j;
        }
        for (int j = n; j < packed.n16; ++j) ASSERT_EQ(c[static_cast<size_t>(i) * packed.n16 + j], 0);
      }
    }
  }
}

TEST(Int8GemmTest, RowSumsAreThoseOfTheWeights) {
  const std::vector<int8_t> w = {1, -2, 3, 127, -128, 0};
  const PackedInt8Weights p = PackInt8Weights(w, 2, 3);
  EXPECT_EQ(p.row_sum, (std::vector<int32_t>{2, -1}));
  EXPECT_EQ(p.k4, 4);
  EXPECT_EQ(p.n16, 16);
}

}  // namespace int8_gemm_test
}  // namespace optiscope
