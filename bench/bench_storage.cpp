// Study storage calls per trial (JSON line): N trials through the store calls a worker makes for
// each one — ReserveTrial (budget), SetTrialParamsUnlessDuplicate, FinishTrial and a
// ChangesSince poll of the history — on the store a URL names ("memory", "sqlite:PATH",
// "postgresql://..."). bench/storage_bench.py runs it on memory and PostgreSQL and reports the
// difference per trial next to Optuna's RDBStorage on the same server.
// Usage: bench_storage URL [--trials N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "engine/search/storage.h"

namespace {

using namespace optiscope;

int Fail(const std::string& what, const Status& s) {
  std::fprintf(stderr, "bench_storage: %s: %s\n", what.c_str(), s.message().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_storage URL [--trials N]\n");
    return 2;
  }
  const std::string url = argv[1];
  int trials = 300;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--trials") == 0) trials = std::atoi(argv[i + 1]);
  }
  auto store = OpenStudyStore(url);
  if (!store.ok()) return Fail("open", store.status());
  const std::string name = "calls-" + std::to_string(std::chrono::steady_clock::now()
                                                         .time_since_epoch()
                                                         .count());
  auto info = (*store)->CreateOrOpenStudy(name, "{}", {Direction::kMinimize});
  if (!info.ok()) return Fail("create", info.status());
  const std::string worker = MakeWorkerId();
  if (Status s = (*store)->RegisterWorker(name, worker); !s.ok()) return Fail("register", s);
  TrialReservation r;
  r.worker = worker;
  r.n_trials = trials;
  int64_t version = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < trials; ++i) {
    auto changes = (*store)->ChangesSince(name, version);
    if (!changes.ok()) return Fail("changes", changes.status());
    version = changes->version;
    auto reserved = (*store)->ReserveTrial(name, r);
    if (!reserved.ok()) return Fail("reserve", reserved.status());
    if (!reserved->has_value()) return Fail("reserve", Status::Internal("budget used early"));
    const int number = (*reserved)->number;
    const std::vector<TrialParam> params = {{"x1", 0.001 * i, ""}, {"x2", 1.0 - 0.001 * i, ""}};
    auto set = (*store)->SetTrialParamsUnlessDuplicate(name, number, params);
    if (!set.ok()) return Fail("set params", set.status());
    TrialRecord done;
    done.number = number;
    done.state = TrialState::kComplete;
    done.values = {0.5 * i};
    done.seconds = 0.001;
    if (Status s = (*store)->FinishTrial(name, done); !s.ok()) return Fail("finish", s);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string kind =
      url.rfind("postgres", 0) == 0 ? "postgresql" : url.substr(0, url.find(':'));
  std::printf(
      "{\"bench\": \"storage_calls\", \"side\": \"ours\", \"storage\": \"%s\", "
      "\"trials\": %d, \"seconds\": %.4f, \"ms_per_trial\": %.4f}\n",
      kind.c_str(), trials, seconds, seconds / trials * 1000);
  return 0;
}
