#include "engine/core/parallel_for.h"

#include <algorithm>
#include <atomic>
#include <limits>
#include <mutex>

#include "engine/core/thread_budget.h"

namespace optiscope {

Status ParallelForIndices(int n, const ParallelForOptions& options,
                          const std::function<Status(int)>& body) {
  if (n <= 0) return Status::Ok();
  ThreadPool& pool = options.pool != nullptr ? *options.pool : SharedThreadPool();
  const int budget = options.max_threads > 0 ? options.max_threads : WorkerThreads();
  const int participants = std::min({n, budget, pool.NumThreads() + 1});

  std::atomic<int> next{0};
  std::atomic<bool> skipped{false};
  std::mutex mu;
  int first_failed = std::numeric_limits<int>::max();
  Status failure;
  // Each participant claims indices until none is left: a helper that starts late finds none.
  auto drain = [&]() -> Status {
    for (;;) {
      if (options.stop.stop_requested()) {
        if (next.load() < n) skipped = true;
        return Status::Ok();
      }
      const int i = next.fetch_add(1);
      if (i >= n) return Status::Ok();
      Status status = CallCatching([&] { return body(i); });
      if (!status.ok()) {
        std::lock_guard lock(mu);
        if (i < first_failed) {
          first_failed = i;
          failure = std::move(status);
        }
      }
    }
  };
  if (participants <= 1) {
    (void)drain();
  } else {
    TaskGroup group(pool);
    for (int t = 1; t < participants; ++t) group.Run(drain);
    (void)drain();
    (void)group.Wait();  // drain never fails: the failures are kept above
  }
  if (!failure.ok()) return failure;
  if (skipped) return Status::Cancelled();
  return Status::Ok();
}

}  // namespace optiscope
