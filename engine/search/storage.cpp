// The StudyStore conveniences and worker ids shared by every store (storage.h).
#include "engine/search/storage.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>

namespace optiscope {

Result<int> StudyStore::StartTrial(const std::string& study, const std::vector<TrialParam>& params,
                                   const std::string& origin) {
  OPTISCOPE_RETURN_IF_ERROR(RegisterWorker(study, kLocalWorker));
  TrialReservation r;
  r.worker = kLocalWorker;
  r.claim_waiting = false;
  r.params = params;
  r.origin = origin;
  auto reserved = ReserveTrial(study, r);
  if (!reserved.ok()) return reserved.status();
  if (!reserved->has_value()) return Status::Internal("no trial reserved without a budget");
  return (*reserved)->number;
}

Result<bool> StudyStore::SetTrialParamsUnlessDuplicate(const std::string& study, int trial,
                                                       const std::vector<TrialParam>& params) {
  auto trials = Trials(study);
  if (!trials.ok()) return trials.status();
  for (const TrialRecord& t : *trials) {
    if (t.number != trial && t.params == params) return false;
  }
  OPTISCOPE_RETURN_IF_ERROR(SetTrialParams(study, trial, params));
  return true;
}

std::string MakeWorkerId() {
  char host[256] = {0};
  if (::gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') {
    std::snprintf(host, sizeof(host), "localhost");
  }
  // Colons separate the fields; a host name has none, but be safe.
  for (char* p = host; *p != '\0'; ++p) {
    if (*p == ':') *p = '_';
  }
  std::random_device device;
  const uint64_t noise =
      (static_cast<uint64_t>(device()) << 32) ^ static_cast<uint64_t>(device()) ^
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  char buf[320];
  std::snprintf(buf, sizeof(buf), "%s:%d:%016llx", host, static_cast<int>(::getpid()),
                static_cast<unsigned long long>(noise));
  return buf;
}

std::optional<WorkerHostPid> ParseWorkerId(const std::string& id) {
  const size_t last = id.rfind(':');
  if (last == std::string::npos || last == 0) return std::nullopt;
  const size_t mid = id.rfind(':', last - 1);
  if (mid == std::string::npos || mid == 0) return std::nullopt;
  WorkerHostPid out;
  out.host = id.substr(0, mid);
  const std::string pid = id.substr(mid + 1, last - mid - 1);
  if (pid.empty() || pid.size() > 9) return std::nullopt;
  for (char c : pid) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  out.pid = std::stoi(pid);
  return out;
}

}  // namespace optiscope
