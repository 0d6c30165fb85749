// Tests of the thread pool: exceptions become Status values, stop skips pending tasks, nested
// parallel loops on a saturated pool complete, results are ordered, the thread budget holds.
#include "engine/core/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <numeric>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/core/parallel_for.h"
#include "engine/core/rng.h"
#include "engine/core/thread_budget.h"
#include "engine/features/parallel_rows.h"

namespace optiscope {
namespace thread_pool_test {

// Sets the budget for one test and restores the default afterwards.
class ScopedBudget {
 public:
  explicit ScopedBudget(int threads) { SetWorkerThreads(threads); }
  ~ScopedBudget() { SetWorkerThreads(0); }
};

TEST(ThreadPoolTest, TaskExceptionBecomesInternalStatusWithItsMessage) {
  ThreadPool pool(2);
  TaskGroup group(pool);
  std::atomic<int> ran{0};
  for (int i = 0; i < 8; ++i) {
    group.Run([&, i]() -> Status {
      ++ran;
      if (i == 3) throw std::runtime_error("boom at 3");
      if (i == 5) throw 42;  // not a std::exception
      return Status::Ok();
    });
  }
  const Status status = group.Wait();
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_EQ(status.message(), "boom at 3");  // the earliest-added failure
  EXPECT_EQ(ran.load(), 8);                  // the other tasks still ran
  EXPECT_EQ(group.Wait().message(), "boom at 3");
}

TEST(ThreadPoolTest, CallCatchingNamesUnknownExceptions) {
  EXPECT_EQ(CallCatching([]() -> Status { throw 1; }).message(), "unknown exception");
  EXPECT_TRUE(CallCatching([] { return Status::Ok(); }).ok());
  EXPECT_EQ(CallCatching([] { return Status::NotFound("x"); }).code(), StatusCode::kNotFound);
}

TEST(ThreadPoolTest, ParallelForReportsTheLowestFailedIndex) {
  ScopedBudget budget(3);
  std::vector<int> done(50, 0);
  const Status status = ParallelFor(50, {}, [&](int i) -> Status {
    done[i] = 1;
    if (i == 40) throw std::out_of_range("index 40");
    if (i == 17) return Status::InvalidArgument("index 17");
    return Status::Ok();
  });
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "index 17");
  EXPECT_EQ(std::accumulate(done.begin(), done.end(), 0), 50);

  const Status thrown = ParallelFor(10, {}, [](int i) {
    if (i == 9) throw std::runtime_error("void body threw");
  });
  EXPECT_EQ(thrown.code(), StatusCode::kInternal);
  EXPECT_EQ(thrown.message(), "void body threw");
}

TEST(ThreadPoolTest, StopSkipsTasksNotYetStarted) {
  ThreadPool pool(0);  // no worker threads: Wait runs the tasks in order, deterministically
  std::stop_source stop;
  TaskGroup group(pool, stop.get_token());
  std::vector<int> ran;
  for (int i = 0; i < 6; ++i) {
    group.Run([&, i] {
      ran.push_back(i);
      if (i == 2) stop.request_stop();
      return Status::Ok();
    });
  }
  EXPECT_EQ(group.Wait().code(), StatusCode::kCancelled);
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2}));
}

TEST(ThreadPoolTest, RunningTasksSeeTheStopToken) {
  ThreadPool pool(1);
  std::stop_source stop;
  std::latch started(1);
  TaskGroup group(pool, stop.get_token());
  std::atomic<bool> saw_stop{false};
  group.Run([&, token = stop.get_token()] {
    started.count_down();
    std::mutex mu;
    std::condition_variable_any cv;
    std::unique_lock lock(mu);
    cv.wait(lock, token, [] { return false; });  // returns once the stop is requested
    saw_stop = true;
    return Status::Cancelled();
  });
  started.wait();  // the task is running on the pool thread
  stop.request_stop();
  EXPECT_EQ(group.Wait().code(), StatusCode::kCancelled);
  EXPECT_TRUE(saw_stop);
}

TEST(ThreadPoolTest, ParallelForStopSkipsTheRemainingIndices) {
  ThreadPool pool(0);
  std::stop_source stop;
  ParallelForOptions options;
  options.pool = &pool;
  options.stop = stop.get_token();
  std::vector<int> ran;
  const Status status = ParallelFor(10, options, [&](int i) {
    ran.push_back(i);
    if (i == 4) stop.request_stop();
  });
  EXPECT_EQ(status.code(), StatusCode::kCancelled);
  EXPECT_EQ(ran, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(ThreadPoolTest, NestedParallelForWithMoreTasksThanThreadsCompletes) {
  ThreadPool pool(2);
  ParallelForOptions options;
  options.pool = &pool;
  options.max_threads = 64;
  std::vector<long long> sums(32, 0);
  // 32 outer tasks on 3 threads, each running a 200-index inner loop on the same pool, each inner
  // index a third level: every level waits for the one below while the pool is saturated.
  const Status status = ParallelFor(32, options, [&](int i) -> Status {
    std::vector<long long> inner(200, 0);
    OPTISCOPE_RETURN_IF_ERROR(ParallelFor(200, options, [&](int j) {
      std::vector<int> leaf(4, 0);
      (void)ParallelFor(4, options, [&](int k) { leaf[k] = k; });
      inner[j] = static_cast<long long>(i) * j + leaf[3];
    }));
    for (long long v : inner) sums[i] += v;
    return Status::Ok();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  for (int i = 0; i < 32; ++i) EXPECT_EQ(sums[i], i * (199LL * 200 / 2) + 3 * 200) << i;
}

TEST(ThreadPoolTest, NestedTaskGroupsInsideTasksComplete) {
  ThreadPool pool(1);
  TaskGroup outer(pool);
  std::atomic<int> leaves{0};
  for (int i = 0; i < 8; ++i) {
    outer.Run([&] {
      TaskGroup inner(pool);
      for (int j = 0; j < 8; ++j) {
        inner.Run([&] {
          ++leaves;
          return Status::Ok();
        });
      }
      return inner.Wait();
    });
  }
  EXPECT_TRUE(outer.Wait().ok());
  EXPECT_EQ(leaves.load(), 64);
}

TEST(ThreadPoolTest, LongTaskDoesNotStarveAShortLoop) {
  ThreadPool pool(1);
  std::latch started(1), release(1);
  TaskGroup longs(pool);
  longs.Run([&] {
    started.count_down();
    release.wait();  // holds the pool's only thread until the short loop is done
    return Status::Ok();
  });
  started.wait();
  ParallelForOptions options;
  options.pool = &pool;
  std::vector<int> out(100, 0);
  EXPECT_TRUE(ParallelFor(100, options, [&](int i) { out[i] = i; }).ok());
  release.count_down();
  EXPECT_TRUE(longs.Wait().ok());
  for (int i = 0; i < 100; ++i) EXPECT_EQ(out[i], i);
}

// Per-index Rng forks written to slot i: the same values for every budget.
std::vector<double> SeededDraws(int budget) {
  ScopedBudget scoped(budget);
  std::vector<double> out(500);
  const Rng base(7);
  EXPECT_TRUE(ParallelFor(500, {}, [&](int i) {
                Rng rng = base.Fork(static_cast<uint64_t>(i));
                double s = 0;
                for (int k = 0; k < 100; ++k) s += rng.Normal();
                out[i] = s;
              }).ok());
  return out;
}

TEST(ThreadPoolTest, ResultsAreOrderedAndDoNotDependOnTheBudget) {
  const std::vector<double> one = SeededDraws(1);
  EXPECT_EQ(one, SeededDraws(2));
  EXPECT_EQ(one, SeededDraws(5));
}

TEST(ThreadPoolTest, ParallelRowsBlocksDoNotDependOnTheBudget) {
  auto block_sums = [](int budget) {
    ScopedBudget scoped(budget);
    std::vector<double> partial(6, 0.0);
    ParallelRows(1000, 6, [&](long long begin, long long end, int t) {
      for (long long i = begin; i < end; ++i) partial[t] += 1.0 / static_cast<double>(i + 1);
    });
    return partial;
  };
  EXPECT_EQ(block_sums(1), block_sums(4));
}

TEST(ThreadPoolTest, ParallelRowsRethrowsABlockExceptionOnTheCaller) {
  EXPECT_THROW(ParallelRows(100, 4,
                            [](long long begin, long long, int) {
                              if (begin > 0) throw std::runtime_error("block failed");
                            }),
               std::runtime_error);
}

TEST(ThreadPoolTest, TheBudgetSetsThePoolSizeAndCapsConcurrency) {
  {
    ScopedBudget budget(3);
    EXPECT_EQ(WorkerThreads(), 3);
    EXPECT_EQ(SharedThreadPool().NumThreads(), 2);
    std::mutex mu;
    std::set<std::thread::id> ids;
    std::atomic<int> running{0}, peak{0};
    ParallelForOptions wide;
    wide.max_threads = 100;  // more than the budget: the budget wins
    EXPECT_TRUE(ParallelFor(200, wide, [&](int) {
                  const int now = ++running;
                  int seen = peak.load();
                  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
                  }
                  {
                    std::lock_guard lock(mu);
                    ids.insert(std::this_thread::get_id());
                  }
                  --running;
                }).ok());
    EXPECT_LE(peak.load(), 3);
    EXPECT_LE(ids.size(), 3u);
  }
  {
    ScopedBudget budget(1);  // no pool threads: everything runs on the caller
    EXPECT_EQ(SharedThreadPool().NumThreads(), 0);
    std::set<std::thread::id> ids;
    EXPECT_TRUE(ParallelFor(50, {}, [&](int) { ids.insert(std::this_thread::get_id()); }).ok());
    EXPECT_EQ(ids, (std::set<std::thread::id>{std::this_thread::get_id()}));
  }
  EXPECT_EQ(WorkerThreads(), HardwareThreads());  // 0 = the hardware concurrency
}

TEST(ThreadPoolTest, MaxThreadsCapsOneLoop) {
  ScopedBudget budget(4);
  std::mutex mu;
  std::set<std::thread::id> ids;
  ParallelForOptions serial;
  serial.max_threads = 1;
  EXPECT_TRUE(ParallelFor(100, serial, [&](int) {
                std::lock_guard lock(mu);
                ids.insert(std::this_thread::get_id());
              }).ok());
  EXPECT_EQ(ids, (std::set<std::thread::id>{std::this_thread::get_id()}));
}

TEST(ThreadPoolTest, WatcherRunsBesideTheForegroundAndStopsAfterIt) {
  std::latch watcher_started(1);
  std::atomic<bool> watcher_stopped{false};
  const Status status = RunWithWatcher(
      [&] {
        watcher_started.wait();  // only another thread can release this
        return Status::Ok();
      },
      [&](std::stop_token token) {
        watcher_started.count_down();
        std::mutex mu;
        std::condition_variable_any cv;
        std::unique_lock lock(mu);
        cv.wait(lock, token, [] { return false; });
        watcher_stopped = true;
        return Status::Ok();
      });
  EXPECT_TRUE(status.ok());
  EXPECT_TRUE(watcher_stopped);

  const Status thrown = RunWithWatcher([]() -> Status { throw std::runtime_error("fg"); },
                                       [](std::stop_token) { return Status::Ok(); });
  EXPECT_EQ(thrown.message(), "fg");
  const Status watcher_failed =
      RunWithWatcher([] { return Status::Ok(); },
                     [](std::stop_token) -> Status { throw std::runtime_error("watcher"); });
  EXPECT_EQ(watcher_failed.message(), "watcher");
}

}  // namespace thread_pool_test
}  // namespace optiscope
