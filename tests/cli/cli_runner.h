// Runs the built optiscope-cli (OPTISCOPE_CLI_PATH) as a child process for end-to-end tests:
// whole runs with captured stdout/stderr/exit status, or a streaming run that can be interrupted.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace optiscope::testing_cli {

struct CliResult {
  int exit_code = -1;  // the exit status, or 128 + signal when killed by a signal
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
};

namespace internal {

inline void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}

inline int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Spawns OPTISCOPE_CLI_PATH with `args`; stdin is /dev/null, stdout goes to `out_fd`, stderr to
// `err_fd`.
inline pid_t Spawn(const std::vector<std::string>& args, int out_fd, int err_fd) {
  std::vector<std::string> words = {OPTISCOPE_CLI_PATH};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  errno = rc;
  Check(rc == 0, "posix_spawn " OPTISCOPE_CLI_PATH);
  return pid;
}

}  // namespace internal

// Runs the CLI to completion and returns its output and exit status.
inline CliResult RunCli(const std::vector<std::string>& args) {
  int out[2], err[2];
  internal::Check(::pipe2(out, O_CLOEXEC) == 0 && ::pipe2(err, O_CLOEXEC) == 0, "pipe");
  const pid_t pid = internal::Spawn(args, out[1], err[1]);
  ::close(out[1]);
  ::close(err[1]);
  CliResult result;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open = 2;
  while (open > 0) {
    if (::poll(fds, 2, -1) < 0) {
      internal::Check(errno == EINTR, "poll");
      continue;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buffer[65536];
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof(buffer));
      if (n > 0) {
        sinks[i]->append(buffer, n);
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = internal::ExitCode(status);
  return result;
}

// A CLI process whose stdout is read line by line while it runs (stderr goes to a file).
class CliProcess {
 public:
  // `stderr_path`: a writable file that receives the child's stderr.
  CliProcess(const std::vector<std::string>& args, std::string stderr_path)
      : stderr_path_(std::move(stderr_path)) {
    int out[2];
    internal::Check(::pipe2(out, O_CLOEXEC) == 0, "pipe");
    const int err = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    internal::Check(err >= 0, "open stderr file");
    pid_ = internal::Spawn(args, out[1], err);
    ::close(out[1]);
    ::close(err);
    out_fd_ = out[0];
  }
  ~CliProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
    if (out_fd_ >= 0) ::close(out_fd_);
  }
  CliProcess(const CliProcess&) = delete;
  CliProcess& operator=(const CliProcess&) = delete;

  // The next stdout line without its '\n' (blocks until it is complete), or nullopt at EOF.
  std::optional<std::string> ReadLine() {
    while (true) {
      const size_t newline = buffer_.find('\n');
      if (newline != std::string::npos) {
        std::string line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        all_out_ += line + "\n";
        return line;
      }
      char chunk[4096];
      const ssize_t n = ::read(out_fd_, chunk, sizeof(chunk));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, n);
    }
  }

  void Signal(int signal) { ::kill(pid_, signal); }

  // Reads the rest of stdout, waits for the exit and returns everything (stdout includes the
  // lines already returned by ReadLine).
  CliResult Wait() {
    while (ReadLine()) {
    }
    CliResult result;
    result.out = all_out_ + buffer_;
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    result.exit_code = internal::ExitCode(status);
    std::ifstream err(stderr_path_);
    std::stringstream text;
    text << err.rdbuf();
    result.err = text.str();
    return result;
  }

 private:
  std::string stderr_path_;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
  std::string all_out_;
};

}  // namespace optiscope::testing_cli
