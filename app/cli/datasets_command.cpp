// "optiscope-cli datasets": the built-in datasets and the synthetic generators.
#include <cstdio>
#include <map>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/text_table.h"
#include "engine/data/builtin_datasets.h"
#include "engine/data/synthetic.h"

namespace optiscope::cli {
namespace {

std::string TaskText(TaskKind task, int classes) {
  if (task == TaskKind::kRegression) return "regression";
  return "classification (" + std::to_string(classes) + " classes)";
}

// What each generator draws, for the listing (SyntheticKinds() gives the names).
std::string GeneratorText(const std::string& kind) {
  static const std::map<std::string, std::string> texts = {
      {"moons", "classification, 2 classes, 2 features: two interleaving half circles"},
      {"circles", "classification, 2 classes, 2 features: a circle inside a ring"},
      {"spirals", "classification, one spiral arm per class (synthetic.classes), 2 features"},
      {"blobs", "classification, Gaussian clusters (synthetic.classes, synthetic.features)"},
      {"xor", "classification, 2 classes, 2 features: the four quadrants, XOR-labelled"},
      {"linear", "regression: y = w.x + b + noise (synthetic.features)"},
  };
  const auto it = texts.find(kind);
  return it == texts.end() ? std::string() : it->second;
}

int Run(const ParsedArgs& args) {
  if (!args.positionals.empty()) {
    return UsageError("'datasets' takes no arguments, got '" + args.positionals[0] + "'",
                      "datasets");
  }
  std::vector<std::vector<std::string>> rows = {{"name", "rows", "features", "task"}};
  for (const BuiltinInfo& info : ListBuiltinDatasets()) {
    rows.push_back({info.name, std::to_string(info.rows), std::to_string(info.features),
                    TaskText(info.task, info.classes)});
  }
  std::fputs(FormatTable(rows, {false, true, true, false}).c_str(), stdout);

  std::fputs("\nsynthetic generators (train --dataset NAME [--samples N --noise X]):\n", stdout);
  std::vector<std::vector<std::string>> generators;
  for (const std::string& kind : SyntheticKinds())
    generators.push_back({kind, GeneratorText(kind)});
  std::fputs(FormatTable(generators).c_str(), stdout);
  return kExitOk;
}

}  // namespace

Command DatasetsCommand() {
  return {.name = "datasets",
          .synopsis = "datasets",
          .summary = "list the built-in datasets (name, rows, features, task) and generators",
          .details =
              "One line per built-in dataset, then the synthetic generators. Every name "
              "works as\n'train --dataset NAME' and as \"data.source\" in a "
              "configuration (generators: \"source\":\n\"synthetic\" with "
              "\"synthetic\": {\"kind\": NAME}).\n",
          .options = {{"--help", "", "this text"}},
          .run = Run};
}

}  // namespace optiscope::cli
