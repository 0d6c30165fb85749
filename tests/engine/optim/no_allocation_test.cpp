// Update rules and schedules do not allocate in Step / StepBatch / StepEpoch / Rate.
//
// This file replaces the global operator new/delete of the test executable with versions that
// forward to malloc/free and count, per thread, only while a measurement is running, so the other
// tests in the binary are unaffected. (Eigen's own heap temporaries bypass operator new and go
// straight to malloc; the rules use only Eigen::Map views and coefficient-wise expressions, which
// create none, and tests/engine/train/no_allocation_test.cpp counts malloc itself around the
// trainer's loop.)
#include <gtest/gtest.h>

// GCC 12 at -O1 inlines the replaced operator delete (free) next to `new TestClass` and reports
// -Wmismatched-new-delete, not knowing that the replaced operator new is malloc. True for this
// file only, which is why it is compiled outside the unity batches (tests/CMakeLists.txt).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "engine/config/config_names.h"
#include "engine/config/experiment_config.h"
#include "engine/optim/schedule.h"
#include "engine/optim/update_rule.h"
#include "tests/engine/sanitizer_allocator.h"

// The per-thread counter the replaced operator new bumps (global: the operators are global).
namespace new_counter {
thread_local bool t_counting = false;
thread_local long t_allocations = 0;

void* CountedAlloc(std::size_t n, std::size_t alignment) {
  if (t_counting) ++t_allocations;
  if (n == 0) n = 1;
  void* p = alignment <= alignof(std::max_align_t)
                ? std::malloc(n)
                : std::aligned_alloc(alignment, (n + alignment - 1) / alignment * alignment);
  if (!p) throw std::bad_alloc();
  return p;
}
}  // namespace new_counter

#ifndef OPTISCOPE_SANITIZER_ALLOCATOR
void* operator new(std::size_t n) { return new_counter::CountedAlloc(n, 0); }
void* operator new[](std::size_t n) { return new_counter::CountedAlloc(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) {
  return new_counter::CountedAlloc(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return new_counter::CountedAlloc(n, static_cast<std::size_t>(a));
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return new_counter::CountedAlloc(n, 0);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try {
    return new_counter::CountedAlloc(n, 0);
  } catch (...) {
    return nullptr;
  }
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
#endif  // OPTISCOPE_SANITIZER_ALLOCATOR

namespace optiscope {
namespace optim_no_allocation_test {

// Counts operator-new allocations made by `fn` on this thread.
template <class Fn>
long AllocationsIn(Fn&& fn) {
  new_counter::t_allocations = 0;
  new_counter::t_counting = true;
  fn();
  new_counter::t_counting = false;
  return new_counter::t_allocations;
}

TEST(NoAllocation, TheCounterSeesAllocations) {
  OPTISCOPE_SKIP_UNDER_SANITIZER();
  const long n = AllocationsIn([] {
    std::vector<float> v(100);
    auto p = std::make_unique<std::string>(64, 'x');
    EXPECT_EQ(v.size() + p->size(), 164u);
  });
  EXPECT_EQ(n, 3);  // the vector, the unique_ptr's string object, the string's buffer
}

TEST(NoAllocation, NoUpdateRuleAllocatesInStep) {
  OPTISCOPE_SKIP_UNDER_SANITIZER();
  constexpr int kParams = 1000;
  for (const OptimizerType type : EnumValues<OptimizerType>()) {
    if (IsFullBatchOptimizer(type)) continue;  // L-BFGS is no UpdateRule
    SCOPED_TRACE(EnumName(type));
    OptimizerConfig c = DefaultOptimizerConfig(type);
    c.weight_decay = 1e-3;  // every optional buffer and branch on
    c.centered = true;
    c.amsgrad = true;
    if (c.type == OptimizerType::kRmsprop) c.momentum = 0.5;
    if (c.type == OptimizerType::kSgd) c.momentum = 0.9;
    auto made = MakeUpdateRule(c);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    UpdateRule& rule = **made;
    std::vector<Scalar> params(kParams), grad(kParams);
    for (int i = 0; i < kParams; ++i) {
      params[i] = 0.01f * static_cast<float>(i % 17) - 0.05f;
      grad[i] = 0.02f * static_cast<float>(i % 13) - 0.1f;
    }
    rule.Reset(kParams);
    const long n = AllocationsIn([&] {
      for (int step = 0; step < 5; ++step) {
        rule.Step(grad, step < 3 ? 1e-3 : 5e-4, params);  // an lr change too (hypergradient rules)
        grad[step] += 0.5f;
      }
      EXPECT_GT(rule.EffectiveLearningRate(1e-3), 0.0);
    });
    EXPECT_EQ(n, 0);
  }
}

TEST(NoAllocation, SchedulesDoNotAllocateWhenStepped) {
  OPTISCOPE_SKIP_UNDER_SANITIZER();
  for (const ScheduleType type : EnumValues<ScheduleType>()) {
    SCOPED_TRACE(EnumName(type));
    ScheduleConfig c;
    c.type = type;
    auto made = MakeSchedule(c, 0.1, 10, 5);
    ASSERT_TRUE(made.ok());
    LrSchedule& s = **made;
    double sum = 0.0;
    const long n = AllocationsIn([&] {
      for (int e = 0; e < 10; ++e) {
        for (int b = 0; b < 5; ++b) {
          sum += s.Rate();
          s.StepBatch();
        }
        s.StepEpoch(1.0);
      }
    });
    EXPECT_EQ(n, 0);
    EXPECT_GT(sum, 0.0);
  }
}

}  // namespace optim_no_allocation_test
}  // namespace optiscope
