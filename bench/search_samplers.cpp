// Search sampler benchmark: milliseconds per suggest (TPE, random) with 100 and 1,000 trials in
// the history, and search quality (best value after N trials over S seeds: median and
// quartiles) of TPE, GP and random on Branin, Hartmann-6 and the mixed space (50 seeds there:
// its median is noisy), and the hypervolume of MOTPE, NSGA-II and random on ZDT1. JSON lines.
// Usage: search_samplers [--quick]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/search/multi_objective.h"
#include "engine/search/param_transform.h"
#include "engine/search/sampler.h"
#include "engine/search/test_functions.h"

using namespace optiscope;

namespace {

double Quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * (v.size() - 1);
  const size_t lo = static_cast<size_t>(pos);
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

double BestOf(Sampler& s, const TestFunction& f, int trials, uint64_t seed) {
  std::vector<FrozenTrial> h;
  Rng rng(seed);
  double best = 1e300;
  for (int i = 0; i < trials; ++i) {
    FrozenTrial t;
    t.number = i;
    t.params = s.Sample(f.space, h, Direction::kMinimize, rng);
    t.state = TrialState::kComplete;
    t.values = {f.evaluate(t.params)};
    best = std::min(best, t.values[0]);
    h.push_back(std::move(t));
  }
  return best;
}

// Hypervolume (against f.reference) of what `s` finds in `trials` on a 2-objective function.
double HypervolumeOf(Sampler& s, const MultiObjectiveFunction& f, int trials, uint64_t seed) {
  const Direction dirs[2] = {Direction::kMinimize, Direction::kMinimize};
  std::vector<FrozenTrial> h;
  std::vector<std::vector<double>> found;
  Rng rng(seed);
  for (int i = 0; i < trials; ++i) {
    FrozenTrial t;
    t.number = i;
    t.params = s.SampleMulti(f.space, h, dirs, rng);
    t.state = TrialState::kComplete;
    t.values = f.evaluate(t.params);
    found.push_back(t.values);
    h.push_back(std::move(t));
  }
  return mo::Hypervolume(found, f.reference);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  // Suggest latency on a history of random Branin trials.
  for (const char* name : {"tpe", "random"}) {
    for (int n : {100, 1000}) {
      auto f = MakeTestFunction("branin");
      std::vector<FrozenTrial> h;
      Rng data(1);
      for (int i = 0; i < n; ++i) {
        FrozenTrial t;
        t.number = i;
        t.params = RandomParams(f->space, data);
        t.state = TrialState::kComplete;
        t.values = {f->evaluate(t.params)};
        h.push_back(t);
      }
      auto s = MakeSampler(name, nullptr);
      Rng rng(2);
      const int reps = quick ? 20 : 100;
      const auto t0 = std::chrono::steady_clock::now();
      const std::clock_t c0 = std::clock();
      double sink = 0;
      for (int r = 0; r < reps; ++r) sink += s.value()->Sample(f->space, h, Direction::kMinimize, rng).at("x1");
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() /
          reps;
      const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC / reps;
      std::printf("{\"bench\": \"search_suggest\", \"impl\": \"optiscope\", \"sampler\": \"%s\", "
                  "\"history\": %d, \"ms_per_suggest\": %.4f, \"cpu_ms_per_suggest\": %.4f, "
                  "\"check\": %.3f}\n",
                  name, n, ms, cpu_ms, sink / reps);
    }
  }
  // Quality.
  const int seeds = quick ? 5 : 20, trials = quick ? 40 : 100;
  for (const char* fn : {"branin", "hartmann6", "mixed"}) {
    for (const char* name : {"tpe", "gp", "random"}) {
      const bool gp = std::strcmp(name, "gp") == 0;
      const bool mixed = std::strcmp(fn, "mixed") == 0;
      // GP: 10 seeds (it is slower); the mixed space: 50 (its median moves a lot with 20).
      const int n_seeds = gp ? std::min(seeds, 10) : (mixed && !quick ? 50 : seeds);
      auto f = MakeTestFunction(fn);
      std::vector<double> best;
      const auto t0 = std::chrono::steady_clock::now();
      for (int seed = 0; seed < n_seeds; ++seed) {
        auto s = MakeSampler(name, nullptr);
        best.push_back(BestOf(**s, *f, trials, 1000 + seed));
      }
      const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::printf("{\"bench\": \"search_quality\", \"impl\": \"optiscope\", \"sampler\": \"%s\", "
                  "\"function\": \"%s\", \"seeds\": %d, \"trials\": %d, \"optimum\": %.6f, "
                  "\"q1\": %.6f, \"median\": %.6f, \"q3\": %.6f, \"seconds\": %.2f}\n",
                  name, fn, n_seeds, trials, f->optimum, Quantile(best, 0.25), Quantile(best, 0.5),
                  Quantile(best, 0.75), sec);
      std::fflush(stdout);
    }
  }
  // Multi-objective: hypervolume on ZDT1 (5 variables, reference (1.1, 1.1)).
  const int mo_seeds = quick ? 3 : 10, mo_trials = quick ? 60 : 150;
  auto zdt1 = MakeMultiObjectiveFunction("zdt1", 5);
  for (const char* name : {"tpe", "nsga2", "random"}) {
    std::vector<double> hv;
    const auto t0 = std::chrono::steady_clock::now();
    for (int seed = 0; seed < mo_seeds; ++seed) {
      nlohmann::json options = nlohmann::json::object();
      if (std::strcmp(name, "nsga2") == 0) options["population_size"] = 20;
      auto s = MakeSampler(name, options);
      hv.push_back(HypervolumeOf(**s, *zdt1, mo_trials, 1000 + seed));
    }
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"bench\": \"search_mo_quality\", \"impl\": \"optiscope\", \"sampler\": \"%s\", "
                "\"function\": \"zdt1\", \"seeds\": %d, \"trials\": %d, \"optimal_hv\": %.6f, "
                "\"q1\": %.6f, \"median\": %.6f, \"q3\": %.6f, \"seconds\": %.2f}\n",
                name, mo_seeds, mo_trials, zdt1->optimal_hypervolume, Quantile(hv, 0.25),
                Quantile(hv, 0.5), Quantile(hv, 0.75), sec);
    std::fflush(stdout);
  }
  return 0;
}
