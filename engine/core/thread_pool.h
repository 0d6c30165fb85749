// ThreadPool: the engine's worker threads. TaskGroup: a batch of tasks run on a pool whose waiter
// helps run them, so a task may itself start and wait for a nested batch without deadlock.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "engine/core/status.h"

namespace optiscope {

namespace pool_internal {
struct GroupState;
}  // namespace pool_internal

// Calls task() and returns its Status; an exception thrown by task is caught and returned as
// Status::Internal carrying the exception's what() ("unknown exception" for a non-std one).
// Never throws. Every task the pool runs goes through this.
Status CallCatching(const std::function<Status()>& task);

// A fixed set of worker threads that run the tasks of TaskGroups, first queued first started.
//
// What it guarantees:
//  - No deadlock from nesting: a pool thread never blocks on a task that has not started; a
//    TaskGroup's Wait runs its own unstarted tasks on the waiting thread (work-helping). A task
//    may therefore start a TaskGroup or ParallelFor of its own and wait for it, even when every
//    pool thread is busy (the nested batch then runs on the waiting thread alone).
//  - Long tasks cannot starve short ones: a short nested batch never needs a free pool thread to
//    finish (see above); a long task only lowers how many threads help it.
//  - No exception leaves a pool thread (CallCatching).
// A task that mostly sleeps or waits for an event that no task will produce (a timer, a
// watcher) does not belong here: see RunWithWatcher.
// Thread-safety: every member may be called from any thread.
class ThreadPool {
 public:
  // Starts `threads` worker threads (clamped to >= 0; with 0 every task runs on the thread that
  // waits for its group).
  explicit ThreadPool(int threads);
  // Stops and joins the worker threads after their current task. REQUIRES: no TaskGroup on this
  // pool is still alive.
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int NumThreads() const { return static_cast<int>(threads_.size()); }

 private:
  friend class TaskGroup;
  // Queues a ticket: the pool thread that takes it runs one unstarted task of `group`, if any.
  void Post(std::shared_ptr<pool_internal::GroupState> group);
  void WorkerLoop(std::stop_token stop);

  std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<std::shared_ptr<pool_internal::GroupState>> tickets_;
  std::vector<std::jthread> threads_;
};

// A batch of tasks on one ThreadPool, waited for together.
//
// Contract:
//  - Each task added by Run runs at most once: on a pool thread, or on the thread in Wait.
//  - Stop: once `stop` is requested, tasks that have not started are skipped; running tasks see
//    the token only if they captured it (the group does not interrupt them).
//  - Errors: a task's failed Status, or its exception (as Status::Internal with the message), is
//    kept; Wait returns the failure of the earliest-added failed task, else Cancelled if a task
//    was skipped, else Ok. Deterministic when the tasks are.
//  - Tasks may capture the caller's locals by reference: once Wait returns no task of the group
//    runs any more.
// Thread-safety: Run may be called from any thread (also from a task of this group) until Wait
// returns; Wait from one thread.
class TaskGroup {
 public:
  explicit TaskGroup(ThreadPool& pool, std::stop_token stop = {});
  // Waits (as Wait) if Wait was not called; the result is then dropped.
  ~TaskGroup();
  TaskGroup(const TaskGroup&) = delete;
  TaskGroup& operator=(const TaskGroup&) = delete;

  // Queues task. REQUIRES: Wait has not returned.
  void Run(std::function<Status()> task);
  // Runs the group's unstarted tasks on the calling thread, then blocks until the tasks started
  // elsewhere finish (work-helping: never waits for a task that has not started). Returns as
  // described in the class comment. Calling it again after it returned returns the same value.
  Status Wait();

 private:
  ThreadPool& pool_;
  std::shared_ptr<pool_internal::GroupState> state_;
  bool waited_ = false;
  Status result_;
};

// Runs foreground() on the calling thread while watcher(token) runs on a thread of its own; when
// foreground returns, the token is stopped and the watcher joined. For a watcher that mostly
// waits (deadlines, timers): it must run at once and beside long work, so it is not queued on the
// pool and does not count against the thread budget. The watcher must return promptly once its
// token is stopped. Returns foreground's Status, else the watcher's; exceptions of either become
// Status::Internal (CallCatching).
Status RunWithWatcher(const std::function<Status()>& foreground,
                      const std::function<Status(std::stop_token)>& watcher);

}  // namespace optiscope
