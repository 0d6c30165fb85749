// ParallelRows: splits a row range into contiguous blocks run on the shared thread pool (the
// engine's data-parallel helper for the feature code: Gram matrices, projections, kernel blocks).
#pragma once

#include <functional>

namespace optiscope {

// The number of row blocks to use: `requested` if > 0, else the hardware concurrency (at least
// 1), never more than one per `min_rows_per_thread` rows of `rows`. It fixes the partition (so
// per-block sums add up the same way) and does not depend on the thread budget: results do not
// change with SetWorkerThreads.
int ResolveThreads(int requested, long long rows, long long min_rows_per_thread = 4096);

// Calls fn(begin, end, block) on `threads` disjoint contiguous ranges covering [0, rows), block
// b always being the b-th range; the blocks run as a ParallelFor on the shared pool (the calling
// thread joins in; at most the thread budget run at once). Returns when all are done. fn should
// not throw: an exception in a block is carried back and rethrown on the calling thread, after
// every block has finished, as std::runtime_error with the original message.
void ParallelRows(long long rows, int threads,
                  const std::function<void(long long, long long, int)>& fn);

}  // namespace optiscope
