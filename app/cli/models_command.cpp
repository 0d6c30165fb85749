// "optiscope-cli models": every model family with its hyperparameters (name, type, default,
// range or choices, meaning), as text or JSON, from the engine's model catalog.
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/text_table.h"
#include "engine/config/config_names.h"
#include "engine/config/model_catalog.h"
#include "engine/core/closest_name.h"
#include "engine/core/str_cat.h"
#include "app/cli/json_out.h"

namespace optiscope::cli {
namespace {

Json ValueJson(const ParamValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return std::get<double>(v);
}

Json SpecJson(const ModelSpec& spec) {
  Json j = Json::object();
  j["name"] = spec.name;
  j["family"] = spec.family;
  j["tasks"] = spec.tasks;
  j["summary"] = spec.summary;
  j["params"] = Json::array();
  for (const ModelParamSpec& p : spec.params) {
    Json q = Json::object();
    q["name"] = p.name;
    q["type"] = FieldKindName(p.kind);
    q["default"] = p.kind == FieldKind::kBool ? Json(std::get<double>(p.default_value) != 0.0)
                                              : ValueJson(p.default_value);
    if (p.kind == FieldKind::kInt || p.kind == FieldKind::kFloat ||
        p.kind == FieldKind::kChoiceOrNumber) {
      q["min"] = std::isinf(p.min) ? Json(nullptr) : Json(p.min);
      q["max"] = std::isinf(p.max) ? Json(nullptr) : Json(p.max);
      q["min_open"] = p.min_open;
      q["max_open"] = p.max_open;
    }
    if (!p.choices.empty()) q["choices"] = p.choices;
    q["range"] = DescribeParamRange(p);
    q["log_scale"] = p.log_scale;
    q["config"] = p.field.empty() ? "model.params." + p.name : "model." + p.field;
    if (!p.aliases.empty()) q["aliases"] = p.aliases;
    q["help"] = p.help;
    j["params"].push_back(std::move(q));
  }
  return j;
}

std::string SpecText(const ModelSpec& spec) {
  std::string out = spec.name + " (" + spec.family + ", " + spec.tasks + "): " + spec.summary +
                    "\n";
  if (spec.params.empty()) return out + "  no hyperparameters\n";
  std::vector<std::vector<std::string>> rows = {{"parameter", "type", "default", "range", "meaning"}};
  for (const ModelParamSpec& p : spec.params) {
    std::string name = p.name;
    for (const auto& alias : p.aliases) name += " (" + alias + ")";
    rows.push_back({name, FieldKindName(p.kind), FormatParamValue(p.default_value),
                    DescribeParamRange(p), p.help});
  }
  std::string table = FormatTable(rows);
  std::string indented;
  size_t start = 0;
  while (start < table.size()) {
    const size_t end = table.find('\n', start);
    indented += "  " + table.substr(start, end - start + 1);
    start = end + 1;
  }
  return out + indented;
}

int RunModels(const ParsedArgs& args) {
  std::vector<const ModelSpec*> specs;
  if (args.positionals.size() > 1) return UsageError("give at most one model name", "models");
  if (args.positionals.size() == 1) {
    const ModelSpec* spec = FindModelSpec(args.positionals[0]);
    if (spec == nullptr) {
      std::string message = "no model named '" + args.positionals[0] + "'";
      const std::string hint = ClosestName(args.positionals[0], ModelTypeNames());
      if (!hint.empty()) message += " (did you mean '" + hint + "'?)";
      return UsageError(message, "models");
    }
    specs.push_back(spec);
  } else {
    for (const ModelSpec& spec : ModelCatalog()) specs.push_back(&spec);
  }
  if (args.Has("--json")) {
    Json j = Json::array();
    for (const ModelSpec* spec : specs) j.push_back(SpecJson(*spec));
    std::printf("%s\n", j.dump(2).c_str());
    return kExitOk;
  }
  std::string out;
  for (const ModelSpec* spec : specs) StrAppend(&out, {out.empty() ? "" : "\n", SpecText(*spec)});
  std::fputs(out.c_str(), stdout);
  return kExitOk;
}

}  // namespace

Command ModelsCommand() {
  return {.name = "models",
          .synopsis = "models [MODEL] [--json]",
          .summary = "list the models and their hyperparameters (type, default, range, meaning)",
          .details =
              "Every name works as 'train --model NAME' and as \"model.type\" in a configuration.\n"
              "Set a hyperparameter with 'train --param NAME=VALUE' (repeatable) or in\n"
              "\"model.params\" (mlp's hidden/activation/dropout are the fields model.hidden, ...).\n"
              "With --json: an array of {name, family, tasks, summary, params: [{name, type,\n"
              "default, min, max, choices, range, config, help}]} (docs/models.md).\n",
          .options = {{"--json", "", "print the catalog as JSON"}, {"--help", "", "this text"}},
          .run = RunModels};
}

}  // namespace optiscope::cli
