#include "engine/search/objective_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <tuple>
#include <nlohmann/json.hpp>

#include "engine/core/utf8.h"
#include "engine/core/str_cat.h"

namespace optiscope {
namespace {

// Writing the parameters to a command that already closed its stdin must fail with EPIPE (the
// trial then fails with the command's own reason), not kill the whole process with SIGPIPE.
// SIGPIPE is therefore ignored process-wide, once, before the first command starts (the command
// itself gets every signal back at its default: SpawnChild below).
void IgnoreSigpipeOnce() {
  static const bool ignored = [] {
    struct sigaction action {};
    action.sa_handler = SIG_IGN;
    sigemptyset(&action.sa_mask);
    return ::sigaction(SIGPIPE, &action, nullptr) == 0;
  }();
  (void)ignored;
}

std::string ParamText(const TrialParam& p) { return p.label.empty() ? ShortestText(p.value) : p.label; }

std::string LastLine(const std::string& text) {
  size_t end = text.size();
  while (end > 0) {
    while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r')) --end;
    const size_t begin = text.rfind('\n', end == 0 ? 0 : end - 1);
    const size_t start = begin == std::string::npos ? 0 : begin + 1;
    std::string line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string::npos) return line;
    end = start;
  }
  return "";
}

// Closes the pipe ends on scope exit.
struct Fds {
  int fd[6] = {-1, -1, -1, -1, -1, -1};
  ~Fds() {
    for (int f : fd) {
      if (f >= 0) ::close(f);
    }
  }
  void Close(int i) {
    if (fd[i] >= 0) ::close(fd[i]);
    fd[i] = -1;
  }
};

// Starts `args` (argv[0] looked up in PATH) in its own process group with stdin/stdout/stderr
// on the given descriptors, in `dir` when not empty. The child gets SIGKILL when the thread that
// started it dies (PR_SET_PDEATHSIG: a killed Optiscope leaves no orphan), every signal at its
// default and an empty signal mask. Returns the child's pid, or -errno when it could not start
// (reported through a close-on-exec pipe, so a missing program is an error here, not a trial
// that printed nothing). Between fork and exec the child only makes async-signal-safe calls.
pid_t SpawnChild(std::vector<std::string>& args, const std::string& dir, int in, int out, int err) {
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) return -errno;
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int e = errno;
    ::close(report[0]);
    ::close(report[1]);
    return -e;
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    struct sigaction deflt {};
    deflt.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &deflt, nullptr);
    sigset_t empty;
    sigemptyset(&empty);
    ::sigprocmask(SIG_SETMASK, &empty, nullptr);
    int e = 0;
    if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) e = errno;
    if (e == 0 && !dir.empty() && ::chdir(dir.c_str()) != 0) e = errno;
    if (e == 0) {
      ::execvp(argv[0], argv.data());
      e = errno;
    }
    while (::write(report[1], &e, sizeof(e)) < 0 && errno == EINTR) {
    }
    ::_exit(127);
  }
  ::close(report[1]);
  int e = 0;
  ssize_t r;
  while ((r = ::read(report[0], &e, sizeof(e))) < 0 && errno == EINTR) {
  }
  ::close(report[0]);
  if (r == static_cast<ssize_t>(sizeof(e))) {
    int ignored = 0;
    while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
    }
    return -e;
  }
  return pid;
}

}  // namespace

std::string SubstitutePlaceholders(const std::string& text, const std::vector<TrialParam>& params) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;
      ++i;
      continue;
    }
    if (c == '{') {
      const size_t close = text.find('}', i + 1);
      if (close != std::string::npos) {
        const std::string name = text.substr(i + 1, close - i - 1);
        for (const TrialParam& p : params) {
          if (p.name == name) out += ParamText(p);
        }
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}

std::string ParamsAsJson(const std::vector<TrialParam>& params) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const TrialParam& p : params) {
    if (!p.label.empty()) {
      j[p.name] = p.label;
    } else if (std::isfinite(p.value) && p.value == std::floor(p.value) &&
               std::abs(p.value) < 9e15) {
      j[p.name] = static_cast<int64_t>(p.value);  // int parameters as JSON integers
    } else if (std::isfinite(p.value)) {
      j[p.name] = p.value;
    } else {
      j[p.name] = nullptr;
    }
  }
  return j.dump();
}

Result<std::vector<double>> ParseValuesLine(const std::string& line, int expected) {
  std::string text = line;
  for (char& c : text) {
    if (c == ',' || c == '[' || c == ']' || c == '\t' || c == '\r') c = ' ';
  }
  std::vector<double> values;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i == text.size()) break;
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    double v = 0.0;
    const char* first = text.data() + i;
    const char* last = text.data() + j;
    if (*first == '+') ++first;
    auto [ptr, ec] = std::from_chars(first, last, v);
    if (ec != std::errc() || ptr != last) {
      return Status::InvalidArgument("last line of output is not a number: \"" + line + "\"");
    }
    values.push_back(v);
    i = j;
  }
  if (static_cast<int>(values.size()) != expected) {
    return Status::InvalidArgument("last line of output has " + std::to_string(values.size()) +
                                   " value(s), expected " + std::to_string(expected) + ": \"" +
                                   line + "\"");
  }
  return values;
}

CommandObjective::CommandObjective(CommandObjectiveOptions options)
    : options_(std::move(options)) {}

Result<std::vector<double>> CommandObjective::Evaluate(const TrialRequest& request,
                                                       TrialContext& context) {
  if (options_.argv.empty()) return Status::InvalidArgument("objective.command is empty");
  std::vector<std::string> args;
  for (const std::string& a : options_.argv) args.push_back(SubstitutePlaceholders(a, request.params));

  Fds fds;  // 0,1: stdin pipe; 2,3: stdout pipe; 4,5: stderr pipe
  for (int k = 0; k < 3; ++k) {
    if (::pipe2(fds.fd + 2 * k, O_CLOEXEC) != 0) {
      return Status::IoError(std::string("cannot create a pipe: ") + std::strerror(errno));
    }
  }
  IgnoreSigpipeOnce();
  const pid_t pid = SpawnChild(args, options_.working_directory, fds.fd[0], fds.fd[3], fds.fd[5]);
  if (pid < 0) {
    return Status::NotFound("cannot run '" + args[0] + "': " + std::strerror(static_cast<int>(-pid)));
  }
  fds.Close(0);
  fds.Close(3);
  fds.Close(5);
  ::fcntl(fds.fd[1], F_SETFL, O_NONBLOCK);

  const std::string input = ParamsAsJson(request.params) + "\n";
  size_t written = 0;
  std::string out, err;
  const auto start = std::chrono::steady_clock::now();
  bool timed_out = false;
  bool stopped = false;
  bool reaped = false;
  int wstatus = 0;
  const std::stop_token stop = context.StopToken();
  // With every pipe closed, nothing wakes the poll when the child exits: the wait for its exit
  // starts at 1 ms and doubles up to the 50 ms tick (the pipes close as the child exits, a moment
  // before it can be reaped; a flat 50 ms cost up to 50 ms per trial, bench/storage.sh).
  int reap_wait_ms = 1;
  // Until the child has exited and both output pipes are closed. The deadline and Stop are
  // checked every 50 ms whatever the child does with its pipes: one that closes stdout and stderr
  // and keeps running is still killed.
  while (!reaped || fds.fd[2] >= 0 || fds.fd[4] >= 0) {
    pollfd p[3];
    int n = 0;
    int idx_in = -1, idx_out = -1, idx_err = -1;
    if (fds.fd[1] >= 0) {
      idx_in = n;
      p[n++] = {fds.fd[1], POLLOUT, 0};
    }
    if (fds.fd[2] >= 0) {
      idx_out = n;
      p[n++] = {fds.fd[2], POLLIN, 0};
    }
    if (fds.fd[4] >= 0) {
      idx_err = n;
      p[n++] = {fds.fd[4], POLLIN, 0};
    }
    int timeout_ms = 50;
    if (n == 0) {
      timeout_ms = reap_wait_ms;
      reap_wait_ms = std::min(2 * reap_wait_ms, 50);
    }
    const int ready = ::poll(n > 0 ? p : nullptr, static_cast<nfds_t>(n), timeout_ms);
    if (ready < 0 && errno != EINTR) break;
    if (stop.stop_requested()) {
      stopped = true;
      break;
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options_.timeout_s > 0 && elapsed > options_.timeout_s) {
      timed_out = true;
      break;
    }
    if (!reaped) {
      const pid_t done = ::waitpid(pid, &wstatus, WNOHANG);
      reaped = done == pid || (done < 0 && errno != EINTR);
    }
    // The child is gone and its output is drained, yet its pipes are open: whatever holds them (a
    // background grandchild) belongs to its process group and must not keep the trial alive.
    if (reaped && ready == 0 && (fds.fd[2] >= 0 || fds.fd[4] >= 0)) ::kill(-pid, SIGKILL);
    if (ready <= 0) continue;
    if (idx_in >= 0 && (p[idx_in].revents & (POLLOUT | POLLERR | POLLHUP))) {
      const ssize_t w = ::write(fds.fd[1], input.data() + written, input.size() - written);
      if (w > 0) written += static_cast<size_t>(w);
      if (w < 0 && errno != EAGAIN) written = input.size();  // the command closed its stdin
      if (written == input.size()) fds.Close(1);
    }
    char buf[4096];
    for (auto [idx, slot, sink] : {std::tuple{idx_out, 2, &out}, std::tuple{idx_err, 4, &err}}) {
      if (idx < 0 || !(p[idx].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t r = ::read(fds.fd[slot], buf, sizeof(buf));
      if (r > 0) {
        sink->append(buf, static_cast<size_t>(r));
        if (sink->size() > (1u << 20)) sink->erase(0, sink->size() - (1u << 19));
      } else if (r == 0 || errno != EAGAIN) {
        fds.Close(slot);
      }
    }
  }
  fds.Close(1);
  if (!reaped) {
    // Stopped, timed out or poll failed: the whole process group goes, then the child is reaped
    // (SIGKILL cannot be ignored, so this wait ends).
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
  }
  if (stopped) return Status::Cancelled("stopped");
  // Child output is whatever bytes the program wrote: repaired to UTF-8 here, where it enters,
  // so that trial reasons can be stored and written as JSON.
  const std::string err_line = ReplaceInvalidUtf8(LastLine(err));
  const std::string detail = err_line.empty() ? "" : " (stderr: " + err_line + ")";
  if (timed_out) {
    return Status::IoError("timeout: the command ran longer than " +
                             ShortestText(options_.timeout_s) + " s and was killed");
  }
  if (WIFSIGNALED(wstatus)) {
    return Status::IoError("command killed by signal " + std::to_string(WTERMSIG(wstatus)) +
                            detail);
  }
  if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) != 0) {
    return Status::IoError("command exited with status " + std::to_string(WEXITSTATUS(wstatus)) +
                            detail);
  }
  const std::string line = ReplaceInvalidUtf8(LastLine(out));
  if (line.empty()) return Status::InvalidArgument("command printed nothing on stdout" + detail);
  return ParseValuesLine(line, options_.num_values);
}

}  // namespace optiscope
