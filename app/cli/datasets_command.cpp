// "optiscope-cli datasets": the built-in datasets and the synthetic generators.
#include <cstdio>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/text_table.h"
#include "engine/data/builtin_datasets.h"
#include "engine/data/synthetic.h"

namespace optiscope::cli {
namespace {

std::string ListingTaskText(TaskKind task, int classes) {
  if (task == TaskKind::kRegression) return "regression";
  return "classification (" + std::to_string(classes) + " classes)";
}

// What each generator draws, for the listing (EnumName gives the names).
const char* GeneratorText(SyntheticKind kind) {
  switch (kind) {
    case SyntheticKind::kMoons:
      return "classification, 2 classes, 2 features: two interleaving half circles";
    case SyntheticKind::kCircles:
      return "classification, 2 classes, 2 features: a circle inside a ring";
    case SyntheticKind::kSpirals:
      return "classification, one spiral arm per class (synthetic.classes), 2 features";
    case SyntheticKind::kBlobs:
      return "classification, Gaussian clusters (synthetic.classes, synthetic.features)";
    case SyntheticKind::kXor:
      return "classification, 2 classes, 2 features: the four quadrants, XOR-labelled";
    case SyntheticKind::kLinear:
      return "regression: y = w.x + b + noise (synthetic.features)";
  }
  return "";
}

int RunDatasets(const ParsedArgs& args) {
  if (!args.positionals.empty()) {
    return UsageError("'datasets' takes no arguments, got '" + args.positionals[0] + "'",
                      "datasets");
  }
  std::vector<std::vector<std::string>> rows = {{"name", "rows", "features", "task"}};
  for (const BuiltinInfo& info : ListBuiltinDatasets()) {
    rows.push_back({info.name, std::to_string(info.rows), std::to_string(info.features),
                    ListingTaskText(info.task, info.classes)});
  }
  std::fputs(FormatTable(rows, {false, true, true, false}).c_str(), stdout);

  std::fputs("\nsynthetic generators (train --dataset NAME [--samples N --noise X]):\n", stdout);
  std::vector<std::vector<std::string>> generators;
  for (const SyntheticKind kind : EnumValues<SyntheticKind>()) {
    generators.push_back({EnumName(kind), GeneratorText(kind)});
  }
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
          .run = RunDatasets};
}

}  // namespace optiscope::cli
