#include "engine/search/study_reevaluate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine/search/objective_command.h"
#include "engine/search/statistics.h"

namespace optiscope {
namespace {

class SeedContext final : public TrialContext {
 public:
  SeedContext(std::stop_token stop, int trial) : stop_(std::move(stop)), trial_(trial) {}
  bool Report(int, double) override { return stop_.stop_requested(); }
  std::stop_token StopToken() const override { return stop_; }
  int TrialNumber() const override { return trial_; }

 private:
  std::stop_token stop_;
  int trial_;
};

}  // namespace

Result<Reevaluation> ReevaluateTopTrials(const StudySpec& spec,
                                         const std::vector<TrialRecord>& trials,
                                         StudyObjective& objective,
                                         const ReevaluateOptions& options, std::stop_token stop) {
  if (options.n_seeds < 2) return Status::InvalidArgument("re-evaluation needs at least 2 seeds");
  Reevaluation out;
  out.study = spec.name;
  out.direction = spec.directions[0];
  if (spec.objective_kind == ObjectiveKind::kExperiment) {
    const DataConfig& d = spec.experiment.base.data;
    const double train = 1.0 - d.validation_fraction - d.test_fraction;
    if (train > 0) out.test_train_ratio = d.validation_fraction / train;
  }
  std::vector<const TrialRecord*> ranked;
  for (const TrialRecord& t : trials) {
    if (t.state == TrialState::kComplete && !t.values.empty() && std::isfinite(t.values[0])) {
      ranked.push_back(&t);
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(), [&](const TrialRecord* a, const TrialRecord* b) {
    return IsBetter(a->values[0], b->values[0], out.direction);
  });
  for (const TrialRecord* t : ranked) {
    if (static_cast<int>(out.configs.size()) >= options.top_k) break;
    const bool seen = std::any_of(out.configs.begin(), out.configs.end(),
                                  [&](const ConfigReevaluation& c) { return c.params == t->params; });
    if (seen) continue;
    ConfigReevaluation c;
    c.trial = t->number;
    c.params = t->params;
    out.configs.push_back(std::move(c));
  }
  if (out.configs.empty()) return Status::InvalidArgument("study " + spec.name +
                                                          " has no complete trial to re-evaluate");
  for (ConfigReevaluation& c : out.configs) {
    for (int s = 0; s < options.n_seeds; ++s) {
      if (stop.stop_requested()) return Status::Cancelled("re-evaluation stopped");
      TrialRequest request;
      request.params = c.params;
      request.seed_offset = static_cast<uint64_t>(s);
      SeedContext context(stop, c.trial);
      auto values = objective.Evaluate(request, context);
      if (!values.ok()) {
        return Status(values.status().code(), "re-running trial " + std::to_string(c.trial) +
                                                  " with seed offset " + std::to_string(s) +
                                                  ": " + values.status().message());
      }
      c.scores.push_back((*values)[0]);
    }
    double sum = 0;
    for (double v : c.scores) sum += v;
    c.mean = sum / c.scores.size();
    double sq = 0;
    for (double v : c.scores) sq += (v - c.mean) * (v - c.mean);
    c.stddev = std::sqrt(sq / (c.scores.size() - 1));
  }
  for (size_t i = 1; i < out.configs.size(); ++i) {
    if (IsBetter(out.configs[i].mean, out.configs[out.best].mean, out.direction)) {
      out.best = static_cast<int>(i);
    }
  }
  const ConfigReevaluation& best = out.configs[out.best];
  for (size_t i = 0; i < out.configs.size(); ++i) {
    ConfigReevaluation& c = out.configs[i];
    if (static_cast<int>(i) == out.best) continue;
    auto test = CorrectedResampledTTest(c.scores, best.scores, out.test_train_ratio);
    if (!test.ok()) return test.status();
    c.mean_difference = test->mean_difference;
    c.p_value = test->p_value;
  }
  return out;
}

std::string ReevaluationText(const Reevaluation& r) {
  std::string text = "re-evaluation of study " + r.study + " (" + DirectionName(r.direction) +
                     "; corrected resampled t-test vs the best mean)\n";
  char line[512];
  std::snprintf(line, sizeof(line), "%6s  %12s  %10s  %12s  %8s  %s\n", "trial", "mean", "std",
                "vs best", "p", "params");
  text += line;
  for (size_t i = 0; i < r.configs.size(); ++i) {
    const ConfigReevaluation& c = r.configs[i];
    const bool best = static_cast<int>(i) == r.best;
    std::snprintf(line, sizeof(line), "%6d  %12.6g  %10.4g  %12s  %8s  %s\n", c.trial, c.mean,
                  c.stddev, best ? "best" : std::to_string(c.mean_difference).c_str(),
                  best ? "-" : std::to_string(c.p_value).c_str(),
                  ParamsAsJson(c.params).c_str());
    text += line;
  }
  return text;
}

std::string ReevaluationJson(const Reevaluation& r) {
  nlohmann::ordered_json j = {{"study", r.study},
                              {"direction", DirectionName(r.direction)},
                              {"test_train_ratio", r.test_train_ratio},
                              {"best_trial", r.configs[r.best].trial}};
  j["configs"] = nlohmann::ordered_json::array();
  for (const ConfigReevaluation& c : r.configs) {
    nlohmann::ordered_json o = {{"trial", c.trial}, {"scores", c.scores}, {"mean", c.mean},
                                {"std", c.stddev},  {"mean_difference", c.mean_difference},
                                {"p_value", c.p_value}};
    o["params"] = nlohmann::ordered_json::parse(ParamsAsJson(c.params));
    j["configs"].push_back(std::move(o));
  }
  return j.dump();
}

}  // namespace optiscope
