// Parallel workers vs one sequential worker on the bench functions (JSON lines): the median best
// value after N trials of 4 Study runners sharing one store (each its own worker, as 4 processes
// would be; the objective takes `delay` ms so their trials overlap) against 1 runner, for TPE and
// GP (both with the constant liar). Also counts duplicate configurations and trials beyond N.
// Usage: bench_study_parallel [--trials N] [--seeds S] [--delay-ms D]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/search/storage.h"
#include "engine/search/study.h"

namespace {

using namespace optiscope;

// The function objective, slowed down to `delay_ms` per trial (a stand-in for a training).
class Slow final : public StudyObjective {
 public:
  Slow(std::shared_ptr<StudyObjective> inner, int delay_ms) : inner_(std::move(inner)), ms_(delay_ms) {}
  int NumValues() const override { return inner_->NumValues(); }
  Result<std::vector<double>> Evaluate(const TrialRequest& r, TrialContext& c) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms_));
    return inner_->Evaluate(r, c);
  }

 private:
  std::shared_ptr<StudyObjective> inner_;
  int ms_;
};

struct Outcome {
  double best = 0;
  int trials = 0;
  int duplicates = 0;
  double seconds = 0;
};

Outcome Run(const std::string& function, const std::string& sampler, int seed, int trials,
            int workers, int delay_ms) {
  const std::string text = R"({"name": "p", "sampler": {"type": ")" + sampler +
                           R"(", "seed": )" + std::to_string(seed) + R"(}, "n_trials": )" +
                           std::to_string(trials) + R"(, "objective": {"function": ")" + function +
                           R"("}})";
  auto spec = ParseStudySpec(text, "bench");
  if (!spec.ok()) {
    std::fprintf(stderr, "%s\n", spec.status().message().c_str());
    std::exit(1);
  }
  auto store = MakeMemoryStudyStore();
  std::shared_ptr<StudyObjective> objective =
      std::make_shared<Slow>(MakeStudyObjective(*spec).value(), delay_ms);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      NullEventSink sink;
      auto study = Study::Open(*spec, *store, objective, sink);
      if (!study.ok() || !(*study)->Run().ok()) std::exit(2);
    });
  }
  for (std::thread& t : threads) t.join();
  Outcome o;
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto all = *store->Trials("p");
  o.trials = static_cast<int>(all.size());
  std::set<std::vector<double>> seen;
  o.best = 1e300;
  for (const TrialRecord& t : all) {
    std::vector<double> key;
    for (const TrialParam& p : t.params) key.push_back(p.value);
    if (!seen.insert(key).second) ++o.duplicates;
    if (t.state == TrialState::kComplete && !t.values.empty()) o.best = std::min(o.best, t.values[0]);
  }
  return o;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

int main(int argc, char** argv) {
  int trials = 40, seeds = 10, delay_ms = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--trials") == 0) trials = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--seeds") == 0) seeds = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--delay-ms") == 0) delay_ms = std::atoi(argv[i + 1]);
  }
  for (const char* function : {"branin", "hartmann6", "mixed"}) {
    for (const char* sampler : {"tpe", "gp"}) {
      std::vector<double> seq, par, seq_s, par_s;
      int dup_seq = 0, dup_par = 0, extra = 0, par_wins = 0;
      for (int seed = 0; seed < seeds; ++seed) {
        const Outcome a = Run(function, sampler, seed, trials, 1, delay_ms);
        const Outcome b = Run(function, sampler, seed, trials, 4, delay_ms);
        seq.push_back(a.best);
        par.push_back(b.best);
        seq_s.push_back(a.seconds);
        par_s.push_back(b.seconds);
        dup_seq += a.duplicates;
        dup_par += b.duplicates;
        extra += std::max(0, b.trials - trials) + std::max(0, a.trials - trials);
        par_wins += b.best <= a.best;
      }
      std::printf(
          "{\"bench\": \"study_parallel\", \"function\": \"%s\", \"sampler\": \"%s\", \"trials\": "
          "%d, \"seeds\": %d, \"delay_ms\": %d, \"median_best_sequential\": %.6g, "
          "\"median_best_4_workers\": %.6g, \"4_workers_at_least_as_good\": %d, "
          "\"duplicates_sequential\": %d, \"duplicates_4_workers\": %d, \"trials_over_budget\": "
          "%d, \"median_seconds_sequential\": %.3f, \"median_seconds_4_workers\": %.3f}\n",
          function, sampler, trials, seeds, delay_ms, Median(seq), Median(par), par_wins, dup_seq,
          dup_par, extra, Median(seq_s), Median(par_s));
      std::fflush(stdout);
    }
  }
  return 0;
}
