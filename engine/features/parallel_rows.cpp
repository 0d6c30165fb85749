#include "engine/features/parallel_rows.h"

#include <algorithm>
#include <stdexcept>

#include "engine/core/parallel_for.h"
#include "engine/core/thread_budget.h"

namespace optiscope {

int ResolveThreads(int requested, long long rows, long long min_rows_per_thread) {
  int threads = requested > 0 ? requested : HardwareThreads();
  threads = std::max(threads, 1);
  const long long by_rows = std::max<long long>(1, rows / std::max<long long>(1, min_rows_per_thread));
  return static_cast<int>(std::min<long long>(threads, by_rows));
}

void ParallelRows(long long rows, int threads,
                  const std::function<void(long long, long long, int)>& fn) {
  threads = std::max(1, threads);
  if (threads == 1 || rows < 2) {
    fn(0, rows, 0);
    return;
  }
  const long long chunk = (rows + threads - 1) / threads;
  ParallelForOptions parallel;
  parallel.max_threads = threads;
  const Status status = ParallelFor(threads, parallel, [&](int t) {
    const long long begin = std::min(rows, t * chunk);
    const long long end = std::min(rows, begin + chunk);
    fn(begin, end, t);
  });
  if (!status.ok()) throw std::runtime_error(status.message());
}

}  // namespace optiscope
