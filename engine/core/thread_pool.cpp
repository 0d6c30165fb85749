#include "engine/core/thread_pool.h"

#include <exception>
#include <limits>
#include <utility>

namespace optiscope {
namespace pool_internal {

// What a group's tasks share with the pool threads. Tickets keep it alive, so a ticket taken
// after its group finished finds nothing to run.
struct GroupState {
  std::mutex mu;
  std::condition_variable changed;  // a task finished or was added
  std::deque<std::pair<size_t, std::function<Status()>>> pending;
  size_t added = 0;
  int running = 0;
  bool skipped = false;
  size_t first_failed = std::numeric_limits<size_t>::max();
  Status failure;
  std::stop_token stop;

  // Runs (or, after a stop, skips) the oldest unstarted task. False when none is left.
  bool RunOne() {
    std::unique_lock lock(mu);
    if (pending.empty()) return false;
    auto [index, task] = std::move(pending.front());
    pending.pop_front();
    if (stop.stop_requested()) {
      skipped = true;
      return true;
    }
    ++running;
    lock.unlock();
    Status status = CallCatching(task);
    task = nullptr;  // captured state is released before the waiter can return
    lock.lock();
    if (!status.ok() && index < first_failed) {
      first_failed = index;
      failure = std::move(status);
    }
    --running;
    changed.notify_all();
    return true;
  }
};

}  // namespace pool_internal

using pool_internal::GroupState;

Status CallCatching(const std::function<Status()>& task) {
  try {
    return task();
  } catch (const std::exception& e) {
    return Status::Internal(e.what());
  } catch (...) {
    return Status::Internal("unknown exception");
  }
}

ThreadPool::ThreadPool(int threads) {
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this](std::stop_token stop) { WorkerLoop(stop); });
  }
}

ThreadPool::~ThreadPool() {
  for (std::jthread& t : threads_) t.request_stop();
  cv_.notify_all();
  threads_.clear();  // joins
}

void ThreadPool::Post(std::shared_ptr<GroupState> group) {
  if (threads_.empty()) return;  // the waiter runs everything
  {
    std::lock_guard lock(mu_);
    tickets_.push_back(std::move(group));
  }
  cv_.notify_one();
}

void ThreadPool::WorkerLoop(std::stop_token stop) {
  for (;;) {
    std::shared_ptr<GroupState> group;
    {
      std::unique_lock lock(mu_);
      if (!cv_.wait(lock, stop, [&] { return !tickets_.empty(); })) return;
      group = std::move(tickets_.front());
      tickets_.pop_front();
    }
    group->RunOne();
  }
}

TaskGroup::TaskGroup(ThreadPool& pool, std::stop_token stop)
    : pool_(pool), state_(std::make_shared<GroupState>()) {
  state_->stop = std::move(stop);
}

TaskGroup::~TaskGroup() {
  if (!waited_) (void)Wait();
}

void TaskGroup::Run(std::function<Status()> task) {
  {
    std::lock_guard lock(state_->mu);
    state_->pending.emplace_back(state_->added++, std::move(task));
    state_->changed.notify_all();
  }
  pool_.Post(state_);
}

Status TaskGroup::Wait() {
  if (waited_) return result_;
  GroupState& s = *state_;
  for (;;) {
    while (s.RunOne()) {
    }
    std::unique_lock lock(s.mu);
    s.changed.wait(lock, [&] { return s.running == 0 || !s.pending.empty(); });
    if (s.running == 0 && s.pending.empty()) {
      result_ = !s.failure.ok() ? s.failure : s.skipped ? Status::Cancelled() : Status::Ok();
      break;
    }
  }
  waited_ = true;
  return result_;
}

Status RunWithWatcher(const std::function<Status()>& foreground,
                      const std::function<Status(std::stop_token)>& watcher) {
  Status watched;
  Status main;
  {
    std::jthread thread(
        [&](std::stop_token token) { watched = CallCatching([&] { return watcher(token); }); });
    main = CallCatching(foreground);
  }  // the jthread's destructor stops and joins the watcher
  return !main.ok() ? main : watched;
}

}  // namespace optiscope
