// ParallelRows: splits a row range into contiguous blocks run on std::threads (the engine's
// data-parallel helper for the feature code: Gram matrices, projections, kernel blocks).
#pragma once

#include <functional>

namespace optiscope {

// The number of worker threads to use: `requested` if > 0, else the hardware concurrency
// (at least 1), never more than one per `min_rows_per_thread` rows of `rows`.
int ResolveThreads(int requested, long long rows, long long min_rows_per_thread = 4096);

// Calls fn(begin, end, thread_index) on `threads` disjoint contiguous ranges covering [0, rows),
// thread 0 on the calling thread. Returns when all are done. fn must not throw.
void ParallelRows(long long rows, int threads,
                  const std::function<void(long long, long long, int)>& fn);

}  // namespace optiscope
