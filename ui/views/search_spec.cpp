#include "ui/views/search_spec.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/config/config_json.h"
#include "engine/search/study_trial.h"

namespace optiscope::ui {

using Json = nlohmann::ordered_json;

std::string BuildStudySpecJson(const SearchSettings& s, const ExperimentConfig& config) {
  Json spec;
  spec["name"] = s.name;
  Json sampler = Json{{"type", s.sampler}, {"seed", s.seed}};
  const Json sampler_options = Json::parse(s.sampler_options_json, nullptr, false);
  if (sampler_options.is_object()) sampler.update(sampler_options);
  spec["sampler"] = std::move(sampler);
  const Json pruner_options = Json::parse(s.pruner_options_json, nullptr, false);
  if (pruner_options.is_object() && !pruner_options.empty()) {
    Json pruner = Json{{"type", s.pruner}};
    pruner.update(pruner_options);
    spec["pruner"] = std::move(pruner);
  } else {
    spec["pruner"] = s.pruner;
  }
  spec["n_trials"] = s.n_trials;
  if (s.timeout_seconds > 0) spec["timeout_s"] = s.timeout_seconds;
  spec["n_jobs"] = s.parallel;
  Json space = Json::object();
  for (const ParamSpec& p : s.space) {
    Json param;
    switch (p.kind) {
      case ParamKind::kFloat:
        param["type"] = "float";
        break;
      case ParamKind::kInt:
        param["type"] = "int";
        break;
      case ParamKind::kCategorical:
        param["type"] = "categorical";
        break;
    }
    if (p.IsCategorical()) {
      param["choices"] = p.choices;
    } else {
      param["low"] = p.low;
      param["high"] = p.high;
      if (p.log) param["log"] = true;
      if (p.step > 0) param["step"] = p.step;
    }
    if (p.condition) param["condition"] = Json{{p.condition->parent, p.condition->values}};
    space[p.name] = std::move(param);
  }
  spec["space"] = std::move(space);
  Json objective;
  if (!s.function.empty()) {
    objective["function"] = s.function;
    objective["direction"] = "minimize";
  } else {
    objective["config"] = Json::parse(WriteExperimentConfig(config));
    Json bind = Json::object();
    for (const auto& entry : s.bind) {
      // (clang 14, the sanitizer builds' compiler, cannot capture a structured binding)
      const std::string& name = entry.first;
      if (s.space.end() != std::find_if(s.space.begin(), s.space.end(),
                                        [&](const ParamSpec& p) { return p.name == name; })) {
        bind[name] = entry.second;
      }
    }
    if (!bind.empty()) objective["bind"] = std::move(bind);
    Json metrics = Json::array({s.metric});
    Json directions = Json::array({DirectionName(s.direction)});
    if (!s.second_metric.empty()) {
      metrics.push_back(s.second_metric);
      directions.push_back(DirectionName(s.second_direction));
    }
    objective["metrics"] = std::move(metrics);
    objective["directions"] = std::move(directions);
    if (s.cv_folds >= 2) objective["cv_folds"] = s.cv_folds;
  }
  spec["objective"] = std::move(objective);
  return spec.dump(2) + "\n";
}

SearchSettings SettingsFromSpec(const StudySpec& spec) {
  SearchSettings s;
  s.name = spec.name;
  s.space = spec.space.params();
  s.sampler = spec.sampler;
  s.sampler_options_json = spec.sampler_options_json;
  s.seed = spec.seed;
  s.pruner = spec.pruner;
  s.pruner_options_json = spec.pruner_options_json;
  s.n_trials = spec.n_trials;
  s.timeout_seconds = spec.timeout_s;
  s.parallel = spec.n_jobs;
  if (spec.objective_kind == ObjectiveKind::kFunction) s.function = spec.function;
  if (!spec.directions.empty()) s.direction = spec.directions[0];
  if (spec.directions.size() > 1) s.second_direction = spec.directions[1];
  const auto& metrics = spec.experiment.metrics;
  if (spec.objective_kind == ObjectiveKind::kExperiment && !metrics.empty()) {
    s.bind = spec.experiment.bind;
    s.metric = metrics[0];
    s.cv_folds = spec.experiment.cv_folds;
    if (metrics.size() > 1) s.second_metric = metrics[1];
  }
  return s;
}

}  // namespace optiscope::ui
