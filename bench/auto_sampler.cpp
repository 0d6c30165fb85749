// The auto sampler (the default): its cost per proposal with 100, 199, 500 and 1,000 trials in
// the history (the plan it follows at each size; on Rastrigin-4 along its own run, where it
// alternates TPE and trust-region proposals), and the best value it finds after 100 trials
// on every benchmark function, per seed, for bench/auto_sampler.sh to set against Optuna 3.1's
// default TPESampler (bench/peers/auto_optuna.py). JSON lines.
// Usage: auto_sampler [--seeds N] [--trials N] [--functions a,b,...] [--sampler NAME]
//                     [--options JSON] [--no-cost] [--no-quality]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <initializer_list>
#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/search/auto_sampler.h"
#include "engine/search/param_transform.h"
#include "engine/search/sampler.h"
#include "engine/search/test_functions.h"

using namespace optiscope;

namespace {

struct BenchFunction {
  const char* label;  // as the peer names it
  const char* name;   // MakeTestFunction's
  int dims;
};

// Every benchmark function: continuous (Branin, Hartmann-6, Styblinski-Tang-5, Rosenbrock-4,
// Ackley-5, Rastrigin-4), mixed (log float, log int, int, categorical, stepped float) and
// conditional (a model choice with per-branch parameters and a grandchild).
constexpr BenchFunction kFunctions[] = {
    {"branin", "branin", 2},       {"hartmann6", "hartmann6", 6},
    {"styblinski_tang5", "styblinski_tang", 5}, {"rosenbrock4", "rosenbrock", 4},
    {"ackley5", "ackley", 5},      {"rastrigin4", "rastrigin", 4},
    {"mixed", "mixed", 0},         {"conditional", "conditional", 0},
};

double Quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const size_t lo = static_cast<size_t>(pos);
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - static_cast<double>(lo));
}

FrozenTrial Evaluated(const TestFunction& f, int number, ParamSet params) {
  FrozenTrial t;
  t.number = number;
  t.params = std::move(params);
  t.state = TrialState::kComplete;
  t.values = {f.evaluate(t.params)};
  return t;
}

double BestOf(Sampler& s, const TestFunction& f, int trials, uint64_t seed) {
  std::vector<FrozenTrial> h;
  Rng rng(seed);
  double best = 1e300;
  for (int i = 0; i < trials; ++i) {
    h.push_back(Evaluated(f, i, s.Sample(f.space, h, Direction::kMinimize, rng)));
    best = std::min(best, h.back().values[0]);
  }
  return best;
}

// Milliseconds (wall and CPU) per Sample of a fresh auto sampler on a history of `n` random
// trials of `f`.
void Cost(const TestFunction& f, const char* label, int n) {
  std::vector<FrozenTrial> h;
  Rng data(1);
  for (int i = 0; i < n; ++i) h.push_back(Evaluated(f, i, RandomParams(f.space, data)));
  AutoSampler s;
  Rng rng(2);
  (void)s.Sample(f.space, h, Direction::kMinimize, rng);  // the GP's first fit starts cold
  const int reps = s.last_plan() == AutoPlan::kTpe ? 40 : 8;
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  for (int r = 0; r < reps; ++r) (void)s.Sample(f.space, h, Direction::kMinimize, rng);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / reps;
  const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC / reps;
  nlohmann::json j = {{"bench", "auto_cost"},  {"impl", "optiscope"},
                      {"sampler", "auto"},     {"function", label},
                      {"history", n},          {"plan", std::string(AutoPlanName(s.last_plan()))},
                      {"ms_per_sample", ms},   {"cpu_ms_per_sample", cpu_ms},
                      {"target_under_5ms_at_1000_met", n < 1000 || cpu_ms < 5.0}};
  std::printf("%s\n", j.dump().c_str());
  std::fflush(stdout);
}

// The same for the auto sampler's own run on `f` (Rastrigin-4: it leaves the GP for TPE and
// trust-region proposals, AutoOptions::rugged_noise): at each history size in `sizes`, a copy of
// the sampler times Samples on the history so far (the copy alternates as the run would).
void CostOfOwnRun(const TestFunction& f, const char* label, std::initializer_list<int> sizes) {
  std::vector<FrozenTrial> h;
  AutoSampler s;
  Rng rng(2);
  for (int n : sizes) {
    while (static_cast<int>(h.size()) < n) {
      h.push_back(Evaluated(f, static_cast<int>(h.size()),
                            s.Sample(f.space, h, Direction::kMinimize, rng)));
    }
    AutoSampler copy = s;
    Rng r(3);
    const int reps = 20;
    int local = 0;
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    for (int i = 0; i < reps; ++i) {
      (void)copy.Sample(f.space, h, Direction::kMinimize, r);
      local += copy.last_plan() == AutoPlan::kTrustRegion;
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() /
        reps;
    const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC / reps;
    nlohmann::json j = {{"bench", "auto_cost"},  {"impl", "optiscope"},
                        {"sampler", "auto"},     {"function", label},
                        {"history", n},          {"plan", s.left_gp() ? "tpe+trust_region" : "gp"},
                        {"local_share", static_cast<double>(local) / reps},
                        {"ms_per_sample", ms},   {"cpu_ms_per_sample", cpu_ms},
                        {"target_under_5ms_at_1000_met", n < 1000 || cpu_ms < 5.0}};
    std::printf("%s\n", j.dump().c_str());
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int seeds = 20, trials = 100;
  std::string only, sampler = "auto", options = "{}";
  bool cost = true, quality = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--seeds" && has_value) {
      seeds = std::atoi(argv[++i]);
    } else if (a == "--trials" && has_value) {
      trials = std::atoi(argv[++i]);
    } else if (a == "--functions" && has_value) {
      only = std::string(",") + argv[++i] + ",";
    } else if (a == "--sampler" && has_value) {
      sampler = argv[++i];
    } else if (a == "--options" && has_value) {
      options = argv[++i];
    } else if (a == "--no-cost") {
      cost = false;
    } else if (a == "--no-quality") {
      quality = false;
    } else {
      std::fprintf(stderr, "auto_sampler: unknown argument '%s'\n", a.c_str());
      return 2;
    }
  }
  auto selected = [&](const char* label) {
    return only.empty() || only.find(std::string(",") + label + ",") != std::string::npos;
  };
  if (cost) {
    for (const BenchFunction& b : kFunctions) {
      if (!selected(b.label) || (std::strcmp(b.label, "hartmann6") != 0 &&
                                 std::strcmp(b.label, "mixed") != 0 &&
                                 std::strcmp(b.label, "conditional") != 0)) {
        continue;
      }
      const TestFunction f = *MakeTestFunction(b.name, b.dims);
      for (int n : {100, 199, 500, 1000}) Cost(f, b.label, n);
    }
    if (selected("rastrigin4")) {
      CostOfOwnRun(*MakeTestFunction("rastrigin", 4), "rastrigin4", {100, 199, 500, 1000});
    }
  }
  if (!quality) return 0;
  const nlohmann::json opts = nlohmann::json::parse(options);
  for (const BenchFunction& b : kFunctions) {
    if (!selected(b.label)) continue;
    const TestFunction f = *MakeTestFunction(b.name, b.dims);
    std::vector<double> best;
    const auto t0 = std::chrono::steady_clock::now();
    for (int seed = 0; seed < seeds; ++seed) {
      auto s = MakeSampler(sampler, opts);
      if (!s.ok()) {
        std::fprintf(stderr, "auto_sampler: %s\n", s.status().message().c_str());
        return 2;
      }
      best.push_back(BestOf(**s, f, trials, 1000 + seed));
    }
    const double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    nlohmann::json j = {{"bench", "auto_quality"},
                        {"impl", "optiscope"},
                        {"sampler", sampler},
                        {"function", b.label},
                        {"seeds", seeds},
                        {"trials", trials},
                        {"optimum", f.optimum},
                        {"q1", Quantile(best, 0.25)},
                        {"median", Quantile(best, 0.5)},
                        {"q3", Quantile(best, 0.75)},
                        {"best", best},
                        {"seconds", sec}};
    if (options != "{}") j["options"] = opts;
    std::printf("%s\n", j.dump().c_str());
    std::fflush(stdout);
  }
  return 0;
}
