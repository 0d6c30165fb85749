#include "app/cli/study_output.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "app/cli/progress_output.h"
#include "engine/search/study_sampler.h"
#include "app/cli/json_out.h"

namespace optiscope::cli {
namespace {

Json Num(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

// Integral values (int parameters) as JSON integers: "width": 188, not 188.0.
Json ParamNum(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 9e15) {
    return Json(static_cast<int64_t>(v));
  }
  return Num(v);
}

Json Params(const std::vector<TrialParam>& params) {
  Json j = Json::object();
  for (const TrialParam& p : params) {
    j[p.name] = p.label.empty() ? ParamNum(p.value) : Json(p.label);
  }
  return j;
}

Json Values(const std::vector<double>& values) {
  Json j = Json::array();
  for (double v : values) j.push_back(Num(v));
  return j;
}

std::string Short6(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", v);
  return buf;
}

}  // namespace

std::string TrialStartedJson(const TrialStarted& e) {
  Json j = {{"event", "trial_started"}, {"study", e.study}, {"trial", e.trial}};
  j["params"] = Params(e.params);
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string TrialReportJson(const TrialReport& e) {
  Json j = {{"event", "trial_report"}, {"study", e.study}, {"trial", e.trial}, {"step", e.step}};
  j["value"] = Num(e.value);
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string TrialFinishedJson(const TrialFinished& e) {
  Json j = {{"event", "trial_finished"}, {"study", e.study}, {"trial", e.trial}, {"state", e.state}};
  j["value"] = e.values.empty() ? Json(nullptr) : Num(e.values[0]);
  j["values"] = Values(e.values);
  j["params"] = Params(e.params);
  j["seconds"] = e.seconds;
  if (!e.reason.empty()) j["reason"] = e.reason;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string StudyFinishedJson(const std::string& study, const StudySummary& s,
                              const std::vector<TrialRecord>& trials) {
  Json j = {{"event", "study_finished"}, {"study", study},       {"n_trials", s.n_trials},
            {"n_complete", s.n_complete}, {"n_pruned", s.n_pruned}, {"n_failed", s.n_failed},
            {"reason", s.reason}};
  if (s.best_trial >= 0 && s.best_trial < static_cast<int>(trials.size())) {
    const TrialRecord& best = trials[s.best_trial];
    j["best"] = {{"trial", best.number}, {"value", Num(best.values[0])}};
    j["best"]["values"] = Values(best.values);
    j["best"]["params"] = Params(best.params);
  } else {
    j["best"] = nullptr;
  }
  j["pareto_front"] = s.pareto_front;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void StudyJsonSink::Publish(Event event) {
  std::string line;
  if (const auto* e = std::get_if<TrialStarted>(&event)) line = TrialStartedJson(*e);
  if (const auto* e = std::get_if<TrialReport>(&event)) line = TrialReportJson(*e);
  if (const auto* e = std::get_if<TrialFinished>(&event)) line = TrialFinishedJson(*e);
  if (const auto* e = std::get_if<LogLine>(&event)) {
    line = Json({{"event", "log"}, {"text", e->text}})
               .dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  if (!line.empty()) PrintLine(line);
}

void StudyJsonSink::PrintLine(const std::string& line) {
  std::lock_guard lock(mu_);
  std::fputs(line.c_str(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

StudyProgressSink::StudyProgressSink(std::FILE* out, bool terminal, int n_trials,
                                     Direction direction)
    : out_(out), terminal_(terminal), n_trials_(n_trials), direction_(direction) {}

void StudyProgressSink::Publish(Event event) {
  const auto* e = std::get_if<TrialFinished>(&event);
  if (e == nullptr) return;
  std::lock_guard lock(mu_);
  ++finished_;
  if (e->state == "complete") {
    ++complete_;
    if (!e->values.empty() && (best_trial_ < 0 || IsBetter(e->values[0], best_value_, direction_))) {
      best_trial_ = e->trial;
      best_value_ = e->values[0];
    }
  } else if (e->state == "pruned") {
    ++pruned_;
  } else {
    ++failed_;
  }
  const std::string best =
      best_trial_ < 0 ? "best -" : "best " + Short6(best_value_) + " (#" + std::to_string(best_trial_) + ")";
  if (!terminal_) {
    std::string line = "trial " + std::to_string(e->trial) + " " + e->state;
    if (!e->values.empty()) line += " value " + Short6(e->values[0]);
    for (const TrialParam& p : e->params) {
      line += " " + p.name + "=" + (p.label.empty() ? Short6(p.value) : p.label);
    }
    if (!e->reason.empty()) line += " (" + e->reason + ")";
    line += "  " + best;
    std::fprintf(out_, "%s\n", line.c_str());
    std::fflush(out_);
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(50) && finished_ != n_trials_) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  std::string line = "trial " + std::to_string(finished_);
  if (n_trials_ > 0) {
    line += "/" + std::to_string(n_trials_) + " [";
    const int width = 20;
    const int filled = std::min(width, finished_ * width / n_trials_);
    line += std::string(filled, '=') + (filled < width ? ">" : "") +
            std::string(std::max(0, width - filled - 1), ' ') + "]";
  }
  line += " " + best + "  ok " + std::to_string(complete_) + " pruned " + std::to_string(pruned_) +
          " failed " + std::to_string(failed_);
  if (n_trials_ > 0 && finished_ < n_trials_) {
    line += "  ETA " + FormatDuration(elapsed / finished_ * (n_trials_ - finished_));
  }
  const int cols = TerminalWidth(fileno(out_));
  if (static_cast<int>(line.size()) >= cols) line.resize(std::max(0, cols - 1));
  std::fprintf(out_, "\r\033[K%s", line.c_str());
  std::fflush(out_);
  line_open_ = true;
}

void StudyProgressSink::Finish() {
  std::lock_guard lock(mu_);
  if (line_open_) std::fputc('\n', out_);
  line_open_ = false;
  std::fflush(out_);
}

std::string MultiObjectiveNote(const StudySpec& spec) {
  std::string note = "multi-objective study (" + std::to_string(spec.directions.size()) +
                     " objectives): pruning is off";
  if (spec.pruner != "none") note += " (pruner '" + spec.pruner + "' ignored)";
  auto sampler = MakeStudySampler(spec.sampler, spec.sampler_options_json);
  if (sampler.ok() && !(*sampler)->ModelsAllObjectives()) {
    note += "; sampler '" + spec.sampler +
            "' optimises the first objective only (tpe, nsga2, random, grid and sobol use all)";
  } else {
    note += "; sampler '" + spec.sampler + "' uses every objective";
  }
  return note;
}

}  // namespace optiscope::cli
