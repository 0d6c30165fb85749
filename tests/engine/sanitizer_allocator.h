// For tests that replace the allocator to count allocations (malloc in
// tests/engine/train/no_allocation_test.cpp, operator new in tests/engine/optim/): ASan and TSan
// bring their own allocator, so under them the replacement must be left out (ASan: glibc would
// free ASan's blocks, "munmap_chunk(): invalid pointer"; TSan: its operator new is not weak and
// the link fails) and the counting tests skip.
#pragma once

#include <gtest/gtest.h>

// Defined to 1 in a build with AddressSanitizer or ThreadSanitizer (GCC or clang).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OPTISCOPE_SANITIZER_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define OPTISCOPE_SANITIZER_ALLOCATOR 1
#endif
#endif

// First statement of a counting test: skips it in a sanitizer build.
#ifdef OPTISCOPE_SANITIZER_ALLOCATOR
#define OPTISCOPE_SKIP_UNDER_SANITIZER() GTEST_SKIP() << "a sanitizer owns the allocator here"
#else
#define OPTISCOPE_SKIP_UNDER_SANITIZER() (void)0
#endif
