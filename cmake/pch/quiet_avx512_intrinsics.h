// Forced include (-include) of GCC 12 builds for AVX-512 targets without precompiled headers:
// GCC 12 reports its own AVX-512 intrinsics (`__m512 __Y = __Y;` in avx512fintrin.h) as
// -Wmaybe-uninitialized wherever Eigen's AVX-512 kernels are inlined (GCC PR 105593, fixed in
// GCC 13). Including <immintrin.h> first, between these pragmas, silences exactly those lines;
// the warning stays on for every line of ours (cmake/precompiled_headers.cmake).
#pragma once

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
