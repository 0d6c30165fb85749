#include "engine/features/parallel_rows.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace optiscope {

int ResolveThreads(int requested, long long rows, long long min_rows_per_thread) {
  int threads = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
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
  std::vector<std::thread> workers;
  workers.reserve(threads - 1);
  for (int t = 1; t < threads; ++t) {
    const long long begin = std::min(rows, t * chunk);
    const long long end = std::min(rows, begin + chunk);
    workers.emplace_back([&fn, begin, end, t] { fn(begin, end, t); });
  }
  fn(0, std::min(rows, chunk), 0);
  for (std::thread& w : workers) w.join();
}

}  // namespace optiscope
