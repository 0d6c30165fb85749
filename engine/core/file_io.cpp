#include "engine/core/file_io.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "engine/core/memory.h"

namespace optiscope {
namespace {

// The most bytes read from a FIFO or device (a configuration through `<(...)`, never /dev/zero).
constexpr uint64_t kMaxStreamBytes = uint64_t{1} << 30;
// How long a FIFO may stay silent before reading it is given up.
constexpr int kStreamIdleMs = 30000;

std::string Reason(int err) { return std::strerror(err); }

// The directory part of `path` ("." when there is none).
std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Creates a fresh file next to `path` with a random suffix; -1 (errno set) when impossible.
int CreateTemporary(const std::string& path, std::string* temp) {
  std::random_device device;
  static const char kHex[] = "0123456789abcdef";
  for (int attempt = 0; attempt < 64; ++attempt) {
    std::string suffix;
    for (int k = 0; k < 4; ++k) {
      const unsigned v = device();
      for (int b = 0; b < 4; ++b) suffix += kHex[(v >> (4 * b)) & 15];
    }
    *temp = path + ".tmp-" + suffix;
    const int fd = ::open(temp->c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
                          0666);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

bool WriteAll(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

Result<std::string> ReadWholeFile(const std::string& path) {
  // O_NONBLOCK: opening a FIFO that no program writes to must not hang.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    const std::string message = "cannot open " + path + ": " + Reason(err);
    return err == ENOENT ? Status::NotFound(message) : Status::IoError(message);
  }
  uint64_t budget = MemoryBudgetBytes();
  std::string text;
  struct stat st {};
  // A FIFO or a device has no size: read it as a bounded stream.
  if (::fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) budget = std::min(budget, kMaxStreamBytes);
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::IoError("cannot read " + path + ": it is a directory");
  }
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    if (static_cast<uint64_t>(st.st_size) > budget) {
      ::close(fd);
      return CheckMemoryBudget(static_cast<double>(st.st_size), "reading " + path);
    }
    text.reserve(static_cast<size_t>(st.st_size));
  }
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {  // a FIFO or pipe whose writer has not written yet
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, kStreamIdleMs) == 0) {
        ::close(fd);
        return Status::IoError("cannot read " + path + ": no data arrived for " +
                               std::to_string(kStreamIdleMs / 1000) + " s");
      }
      continue;
    }
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return Status::IoError("cannot read " + path + ": " + Reason(err));
    }
    if (n == 0) break;
    if (text.size() + static_cast<size_t>(n) > budget) {
      ::close(fd);
      return Status::InvalidArgument("cannot read " + path + ": it is longer than the memory "
                                     "budget of " + FormatBytes(static_cast<double>(budget)));
    }
    text.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return text;
}

Status WriteFileAtomically(const std::string& path, std::string_view bytes) {
  std::string temp;
  const int fd = CreateTemporary(path, &temp);
  if (fd < 0) return Status::IoError("cannot write " + path + ": " + Reason(errno));
  bool ok = WriteAll(fd, bytes);
  int err = ok ? 0 : errno;
  if (ok && ::fsync(fd) != 0) {
    ok = false;
    err = errno;
  }
  if (::close(fd) != 0 && ok) {
    ok = false;
    err = errno;
  }
  if (ok && std::rename(temp.c_str(), path.c_str()) != 0) {
    ok = false;
    err = errno;
  }
  if (!ok) {
    std::remove(temp.c_str());
    return Status::IoError("cannot write " + path + ": " + Reason(err == 0 ? EIO : err));
  }
  // The rename is durable only once the directory entry is on disk.
  const int dir = ::open(DirectoryOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    const bool synced = ::fsync(dir) == 0 || errno == EINVAL;  // some filesystems refuse
    err = errno;
    ::close(dir);
    if (!synced) return Status::IoError("cannot write " + path + ": " + Reason(err));
  }
  return Status::Ok();
}

}  // namespace optiscope
