#include "app/cli/interrupt.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "app/cli/exit_codes.h"

namespace optiscope::cli {
namespace {

// The write end of the self-pipe; the handler only writes one byte (async-signal-safe).
volatile sig_atomic_t g_pipe_write = -1;
struct sigaction g_previous_int;
struct sigaction g_previous_term;

constexpr char kSignalByte = 's';
constexpr char kQuitByte = 'q';

void OnSignal(int) {
  const int saved_errno = errno;
  if (g_pipe_write >= 0) {
    const char byte = kSignalByte;
    [[maybe_unused]] ssize_t n = ::write(g_pipe_write, &byte, 1);
  }
  errno = saved_errno;
}

}  // namespace

InterruptWatcher::InterruptWatcher(std::stop_source source) : source_(std::move(source)) {
  if (::pipe2(pipe_, O_CLOEXEC) != 0) return;  // no watcher: Ctrl+C keeps its default effect
  g_pipe_write = pipe_[1];
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &g_previous_int);
  sigaction(SIGTERM, &action, &g_previous_term);
  thread_ = std::thread([this] { Watch(); });
}

InterruptWatcher::~InterruptWatcher() {
  if (!thread_.joinable()) return;
  sigaction(SIGINT, &g_previous_int, nullptr);
  sigaction(SIGTERM, &g_previous_term, nullptr);
  const char byte = kQuitByte;
  while (::write(pipe_[1], &byte, 1) < 0 && errno == EINTR) {
  }
  thread_.join();
  g_pipe_write = -1;
  ::close(pipe_[0]);
  ::close(pipe_[1]);
}

void InterruptWatcher::Watch() {
  while (true) {
    char byte = 0;
    const ssize_t n = ::read(pipe_[0], &byte, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || byte == kQuitByte) return;
    if (interrupted_.exchange(true)) {
      std::fputs("\ninterrupted again: exiting now\n", stderr);
      std::_Exit(kExitCancelled);
    }
    std::fputs("\ninterrupt: stopping after the current mini-batch (Ctrl+C again to quit now)\n",
               stderr);
    source_.request_stop();
  }
}

}  // namespace optiscope::cli
