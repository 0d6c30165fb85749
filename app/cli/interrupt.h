// Ctrl+C handling for long commands: SIGINT/SIGTERM request a stop through a std::stop_source
// (the engine stops within one mini-batch); a second signal exits at once with status 130.
#pragma once

#include <atomic>
#include <stop_token>
#include <thread>

namespace optiscope::cli {

// While alive, SIGINT and SIGTERM call source.request_stop() (from a watcher thread, not from the
// signal handler) and print a note on stderr. At most one instance at a time. Not copyable.
class InterruptWatcher {
 public:
  explicit InterruptWatcher(std::stop_source source);
  ~InterruptWatcher();  // restores the previous handlers and joins the watcher
  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  // True once a signal arrived.
  bool interrupted() const { return interrupted_.load(); }

 private:
  void Watch();

  std::stop_source source_;
  std::atomic<bool> interrupted_{false};
  int pipe_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace optiscope::cli
