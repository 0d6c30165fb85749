#include "engine/core/thread_budget.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <thread>

namespace optiscope {
namespace {

struct Budget {
  std::mutex mu;
  int threads = 0;  // 0 = not set yet
  std::unique_ptr<ThreadPool> pool;
};

Budget& TheBudget() {
  static Budget* budget = new Budget();  // never destroyed: pool threads may outlive main's
  return *budget;                        // statics
}

}  // namespace

int HardwareThreads() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

void SetWorkerThreads(int threads) {
  Budget& b = TheBudget();
  std::unique_ptr<ThreadPool> old;
  {
    std::lock_guard lock(b.mu);
    b.threads = threads > 0 ? threads : HardwareThreads();
    old = std::move(b.pool);
  }
}

int WorkerThreads() {
  Budget& b = TheBudget();
  std::lock_guard lock(b.mu);
  if (b.threads == 0) b.threads = HardwareThreads();
  return b.threads;
}

ThreadPool& SharedThreadPool() {
  Budget& b = TheBudget();
  std::lock_guard lock(b.mu);
  if (b.threads == 0) b.threads = HardwareThreads();
  if (b.pool == nullptr) b.pool = std::make_unique<ThreadPool>(b.threads - 1);
  return *b.pool;
}

}  // namespace optiscope
