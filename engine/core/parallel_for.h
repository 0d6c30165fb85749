// ParallelFor: runs body(i) for i in [0, n) on the shared thread pool, the caller joining in.
#pragma once

#include <functional>
#include <stop_token>
#include <type_traits>
#include <utility>

#include "engine/core/status.h"
#include "engine/core/thread_pool.h"

namespace optiscope {

struct ParallelForOptions {
  int max_threads = 0;         // at most this many threads at once, the caller included
                               // (0 = the budget, WorkerThreads(); never more than the pool
                               // has threads + 1)
  std::stop_token stop;        // once requested, indices not yet started are skipped
  ThreadPool* pool = nullptr;  // nullptr = SharedThreadPool()
};

// Calls body(i) once for every i in [0, n), on up to options.max_threads threads at once; the
// calling thread is one of them, so progress never depends on a free pool thread and nested
// ParallelFor calls (inside a pool task or inside body) cannot deadlock. Which thread runs which
// index is unspecified: for deterministic results body(i) must depend on i only and write to
// slot i (e.g. a per-index Rng fork). Returns when every started index has finished.
// body returns void or Status. Returns Ok; else the failure (a failed Status, or an exception as
// Status::Internal with its message) of the lowest failed index -- the other indices still run;
// else Cancelled when the stop skipped an index. Never throws.
Status ParallelForIndices(int n, const ParallelForOptions& options,
                          const std::function<Status(int)>& body);

template <class Body>
[[nodiscard]] Status ParallelFor(int n, const ParallelForOptions& options, Body&& body) {
  if constexpr (std::is_void_v<std::invoke_result_t<Body&, int>>) {
    return ParallelForIndices(n, options, [&body](int i) {
      body(i);
      return Status::Ok();
    });
  } else {
    return ParallelForIndices(n, options, [&body](int i) -> Status { return body(i); });
  }
}

}  // namespace optiscope
