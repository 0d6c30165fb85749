// The mini-batch loop allocates nothing: glibc's malloc family is wrapped for this test binary
// with a per-thread counter that is switched on only inside the measured region.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <vector>

#include "engine/losses/cross_entropy_loss.h"
#include "engine/losses/custom_loss.h"
#include "engine/losses/focal_loss.h"
#include "engine/models/dense_network.h"
#include "engine/optim/update_rule.h"
#include "engine/train/trainer.h"
#include "tests/engine/train/fake_sgd.h"
#include "tests/engine/train/trainer_fixtures.h"
#include "tests/engine/sanitizer_allocator.h"

// The per-thread allocation counter the wrappers below bump (global: the wrappers are extern "C").
namespace malloc_counter {
thread_local bool t_counting = false;
thread_local long t_allocations = 0;
inline void Count() {
  if (t_counting) ++t_allocations;
}
}  // namespace malloc_counter

#ifndef OPTISCOPE_SANITIZER_ALLOCATOR
// Every allocation (operator new and Eigen's aligned_malloc both end in malloc) passes through
// these wrappers, which forward to glibc's implementation. Counting is per thread and off by
// default, so other tests in the binary are unaffected.
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
void __libc_free(void*);
}

extern "C" {
void* malloc(size_t n) {
  malloc_counter::Count();
  return __libc_malloc(n);
}
void* calloc(size_t n, size_t size) {
  malloc_counter::Count();
  return __libc_calloc(n, size);
}
void* realloc(void* p, size_t n) {
  malloc_counter::Count();
  return __libc_realloc(p, n);
}
void free(void* p) { __libc_free(p); }
void* memalign(size_t alignment, size_t n) {
  malloc_counter::Count();
  return __libc_memalign(alignment, n);
}
void* aligned_alloc(size_t alignment, size_t n) {
  malloc_counter::Count();
  return __libc_memalign(alignment, n);
}
int posix_memalign(void** out, size_t alignment, size_t n) {
  malloc_counter::Count();
  void* p = __libc_memalign(alignment, n);
  if (!p) return 12;  // ENOMEM
  *out = p;
  return 0;
}
}
#endif  // OPTISCOPE_SANITIZER_ALLOCATOR

namespace optiscope {
namespace train_no_allocation_test {

using testing::Blobs;
using testing::FakeSgd;

// Counts allocations made by `fn` on this thread.
template <class Fn>
long AllocationsIn(Fn&& fn) {
  malloc_counter::t_allocations = 0;
  malloc_counter::t_counting = true;
  fn();
  malloc_counter::t_counting = false;
  return malloc_counter::t_allocations;
}

TEST(NoAllocationTest, TheCounterSeesAllocations) {
  OPTISCOPE_SKIP_UNDER_SANITIZER();
  const long n = AllocationsIn([] {
    std::vector<int> v(100);
    Mat m(10, 10);
    m.setZero();
    EXPECT_EQ(v.size(), 100u);
  });
  EXPECT_EQ(n, 2);
}

TEST(NoAllocationTest, ForwardLossBackwardDoNotAllocate) {
  OPTISCOPE_SKIP_UNDER_SANITIZER();
  DenseNetworkOptions o;
  o.layer_sizes = {64, 128, 64, 10};
  o.dropout = 0.1;
  DenseNetwork<Scalar> net(o);
  std::vector<Scalar> params(net.NumParameters()), grad(net.NumParameters());
  Rng rng(0);
  net.Initialize(params, rng);
  const auto data = Blobs(32, 0, 64, 10, 1);
  CrossEntropyLoss<Scalar> ce;
  auto ws = net.MakeWorkspace(32);
  Mat d_out(32, 10);
  const std::span<const Scalar> y(data.y.data(), 32);
  const long n = AllocationsIn([&] {
    for (int rows : {32, 17}) {
      const auto xv = View(data.X, rows);
      const auto out = net.Forward(params, xv, *ws, &rng);
      MatXMap<Scalar> g(d_out.data(), rows, 10);
      ce.Evaluate(out, y.first(rows), &g);
      net.Backward(params, xv, View(d_out, rows), *ws, grad);
    }
  });
  EXPECT_EQ(n, 0);
}

// The whole Train call allocates the same number of times whether an epoch has 4 or 60 batches:
// nothing inside the batch loop allocates (setup and per-epoch bookkeeping are constant).
TEST(NoAllocationTest, TrainerAllocationsDoNotGrowWithTheNumberOfBatches) {
  OPTISCOPE_SKIP_UNDER_SANITIZER();
  const auto data = Blobs(240, 40, 8, 3, 2);
  DenseNetworkOptions o;
  o.layer_sizes = {8, 32, 16, 3};
  o.dropout = 0.1;
  DenseNetwork<Scalar> net(o);
  CrossEntropyLoss<Scalar> ce;
  // optimizer: nullopt = FakeSgd.
  auto count = [&](int batch, std::optional<OptimizerType> optimizer) {
    std::vector<Scalar> params(net.NumParameters());
    Rng rng(0);
    net.Initialize(params, rng);
    FakeSgd fake;
    auto made = MakeUpdateRule(DefaultOptimizerConfig(optimizer.value_or(OptimizerType::kSgd)));
    UpdateRule& rule = !optimizer ? static_cast<UpdateRule&>(fake) : **made;
    NullEventSink sink;
    TrainerOptions opts;
    opts.epochs = 3;
    opts.batch_size = batch;
    opts.regularization.l1 = 1e-4;
    opts.regularization.l2 = 1e-4;
    opts.regularization.clip_grad_norm = 1.0;
    opts.regularization.early_stopping_patience = 5;
    Trainer trainer(net, ce, rule, opts);
    return AllocationsIn(
        [&] { trainer.Train(data.X, data.y, data.X_val, data.y_val, params, sink); });
  };
  for (const std::optional<OptimizerType> optimizer :
       {std::optional<OptimizerType>(), std::optional(OptimizerType::kSgd),
        std::optional(OptimizerType::kMomentum), std::optional(OptimizerType::kAdam),
        std::optional(OptimizerType::kAdamw)}) {
    SCOPED_TRACE(optimizer ? EnumName(*optimizer) : "fake sgd");
    const long few = count(60, optimizer), many = count(4, optimizer);
    EXPECT_GT(few, 0);  // setup allocates; the counter is live
    EXPECT_EQ(many, few);
  }
}

// The same with a custom expression loss (tape evaluated per element), the focal loss, a GELU
// network (stored pre-activations) and a one-cycle schedule that also cycles Adam's beta1.
TEST(NoAllocationTest, CustomLossGeluAndOneCycleDoNotAllocateInTheBatchLoop) {
  OPTISCOPE_SKIP_UNDER_SANITIZER();
  const auto data = Blobs(240, 40, 8, 3, 2);
  DenseNetworkOptions o;
  o.layer_sizes = {8, 32, 16, 3};
  o.activation = Activation::kGelu;
  o.dropout = 0.1;
  DenseNetwork<Scalar> net(o);
  auto expression = LossExpression::Compile("abs(p - y)^1.5 + 0.1*(p - y)^2 - y*log(p)");
  ASSERT_TRUE(expression.ok());
  CustomLoss<Scalar> custom(*expression, true);
  FocalLoss<Scalar> focal(2.0, -1.0, {1.0f, 2.0f, 0.5f});
  for (const Loss* loss : {static_cast<const Loss*>(&custom), static_cast<const Loss*>(&focal)}) {
    SCOPED_TRACE(loss->Name());
    auto count = [&](int batch) {
      std::vector<Scalar> params(net.NumParameters());
      Rng rng(0);
      net.Initialize(params, rng);
      auto rule = MakeUpdateRule(DefaultOptimizerConfig(OptimizerType::kAdam)).value();
      ScheduleConfig sc;
      sc.type = ScheduleType::kOneCycle;
      auto schedule = MakeSchedule(sc, 1e-2, 3, BatchesPerEpoch(240, batch)).value();
      NullEventSink sink;
      TrainerOptions opts;
      opts.epochs = 3;
      opts.batch_size = batch;
      Trainer trainer(net, *loss, *rule, opts, schedule.get());
      return AllocationsIn(
          [&] { trainer.Train(data.X, data.y, data.X_val, data.y_val, params, sink); });
    };
    const long few = count(60), many = count(4);
    EXPECT_GT(few, 0);
    EXPECT_EQ(many, few);
  }
}

}  // namespace train_no_allocation_test
}  // namespace optiscope
