// The engine's thread budget, set in one place, and the shared ThreadPool sized from it.
#pragma once

#include "engine/core/thread_pool.h"

namespace optiscope {

// Sets how many threads run engine work at once, counting the thread that starts it (it joins
// in: a ParallelFor's caller runs items too). The shared pool gets `threads - 1` worker threads.
// `threads` <= 0 means HardwareThreads() (the default: a 16-core machine uses 16). The GUI calls
// it with HardwareThreads() - 1, keeping a core for its event loop.
// REQUIRES: no engine work is in flight (call it at start-up, or between runs in tests): the old
// pool is destroyed here.
void SetWorkerThreads(int threads);

// The machine's hardware threads (std::thread::hardware_concurrency, at least 1).
int HardwareThreads();

// The current budget (>= 1).
int WorkerThreads();

// The process-wide pool every parallel piece of the engine runs on (created on first use with
// WorkerThreads() - 1 threads). Thread-safe. The reference stays valid until SetWorkerThreads.
ThreadPool& SharedThreadPool();

}  // namespace optiscope
