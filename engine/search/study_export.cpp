#include "engine/search/study_export.h"

#include <charconv>
#include <cmath>

#include "engine/compress/compressed_model_file.h"
#include "engine/search/objective_command.h"
#include "engine/search/objective_experiment.h"
#include "engine/core/str_cat.h"

namespace optiscope {
namespace {

std::string Number(double v) {
  if (!std::isfinite(v)) return "";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, end);
}

std::string Cell(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string TrialsCsv(const std::vector<TrialRecord>& trials, int num_values) {
  std::vector<std::string> names;
  for (const TrialRecord& t : trials) {
    for (const TrialParam& p : t.params) {
      if (std::find(names.begin(), names.end(), p.name) == names.end()) names.push_back(p.name);
    }
  }
  std::string out = "number,state";
  if (num_values == 1) {
    out += ",value";
  } else {
    for (int i = 0; i < num_values; ++i) StrAppend(&out, {",value_", std::to_string(i)});
  }
  for (const std::string& n : names) StrAppend(&out, {",", Cell(n)});
  out += ",seconds,origin,reason\n";
  for (const TrialRecord& t : trials) {
    StrAppend(&out, {std::to_string(t.number), ",", TrialStateName(t.state)});
    for (int i = 0; i < num_values; ++i) {
      StrAppend(&out, {",", i < static_cast<int>(t.values.size()) ? Number(t.values[i]) : std::string()});
    }
    for (const std::string& n : names) {
      const TrialParam* p = t.Find(n);
      out += ",";
      if (p != nullptr) out += p->label.empty() ? Number(p->value) : Cell(p->label);
    }
    StrAppend(&out, {",", Number(t.seconds), ",", Cell(t.origin), ",", Cell(t.reason), "\n"});
  }
  return out;
}

Result<ExperimentConfig> TrialConfig(const StudySpec& spec, const TrialRecord& trial) {
  if (spec.objective_kind != ObjectiveKind::kExperiment) {
    return Status::InvalidArgument("study " + spec.name +
                                   ": its objective is not an experiment configuration, so there "
                                   "is no configuration to export (use the parameters instead)");
  }
  auto config = ApplyBindings(spec.experiment.base, trial.params, spec.experiment.bind);
  if (!config.ok()) return config.status();
  config->name = spec.name + " trial " + std::to_string(trial.number);
  return config;
}

Result<const TrialRecord*> ExportTrial(const std::vector<TrialRecord>& trials,
                                       const std::vector<Direction>& directions, int number) {
  if (number < 0) {
    const TrialRecord* best = BestRecord(trials, directions);
    if (best == nullptr) return Status::NotFound("the study has no complete trial");
    return best;
  }
  for (const TrialRecord& t : trials) {
    if (t.number != number) continue;
    if (t.state != TrialState::kComplete) {
      return Status::InvalidArgument("trial " + std::to_string(number) + " is " +
                                     TrialStateName(t.state) + ", not complete");
    }
    return &t;
  }
  return Status::NotFound("no trial " + std::to_string(number) + " in the study");
}

Result<CompressionMetrics> ExportCompressedModel(const StudySpec& spec, const TrialRecord& trial,
                                                 const std::string& path, std::stop_token stop) {
  if (spec.objective_kind != ObjectiveKind::kCompress) {
    return Status::InvalidArgument("study " + spec.name +
                                   ": its objective is not \"compress\", so there is no "
                                   "compressed model to export");
  }
  CompressObjective objective(spec.compress);
  auto result = objective.Compress(trial.params, stop);
  if (!result.ok()) return result.status();
  OPTISCOPE_RETURN_IF_ERROR(SaveCompressedModel(result->model, path));
  return result->metrics;
}

std::string TrialParamsJson(const std::vector<TrialParam>& params) { return ParamsAsJson(params); }

}  // namespace optiscope
