// "optiscope-cli evaluate": loads a model file written by 'train --save-model' and prints its
// metrics on a dataset (all rows, or the training run's own train/validation/test split).
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/metrics_json.h"
#include "engine/data/builtin_datasets.h"
#include "engine/data/data_source.h"
#include "engine/data/synthetic.h"
#include "engine/models/model_file.h"
#include "engine/train/evaluate_saved.h"

namespace optiscope::cli {
namespace {

int Run(const ParsedArgs& args) {
  if (!args.positionals.empty()) {
    return UsageError("unexpected argument '" + args.positionals[0] + "' (use --model FILE)",
                      "evaluate");
  }
  const auto path = args.Get("--model");
  if (!path) return UsageError("missing --model FILE", "evaluate");
  Result<LoadedModel> loaded = LoadTrainedModel(*path);
  if (!loaded.ok()) return Fail(kExitBadInput, loaded.status().message());
  const TrainedModel& model = loaded->model;

  // The data: the run's own source unless --dataset names another; the model's target column.
  DataConfig data = loaded->config.data;
  if (const auto dataset = args.Get("--dataset")) {
    const std::vector<std::string> kinds = SyntheticKinds();
    if (std::find(kinds.begin(), kinds.end(), *dataset) != kinds.end()) {
      data.source = "synthetic";
      data.synthetic.kind = *dataset;
    } else {
      data.source = *dataset;
    }
    data.target = model.target_name;
  }
  if (const auto target = args.Get("--target")) data.target = *target;
  Result<Dataset> dataset = LoadDataset(data);
  if (!dataset.ok()) return Fail(kExitBadInput, dataset.status().message());
  const std::string split = args.Get("--split").value_or("all");
  Result<EvaluationReport> report = EvaluateOnDataset(model, loaded->config, *dataset, split);
  if (!report.ok()) return Fail(kExitBadInput, report.status().message());

  if (args.Has("--json")) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["event"] = "evaluation";
    j["model_file"] = *path;
    j["model"] = model.model.type;
    j["dataset"] = data.source == "synthetic" ? data.synthetic.kind : data.source;
    j["split"] = split;
    j["rows"] = report->rows;
    AddReportJson(*report, model.class_names, &j);
    std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return kExitOk;
  }
  std::printf("%s on %s (%s rows)\n", model.model.type.c_str(),
              (data.source == "synthetic" ? data.synthetic.kind : data.source).c_str(),
              split.c_str());
  std::fputs(ReportText(*report, model.class_names).c_str(), stdout);
  return kExitOk;
}

}  // namespace

Command EvaluateCommand() {
  return {.name = "evaluate",
          .synopsis = "evaluate --model FILE [--dataset NAME|PATH] [--split S] [--json]",
          .summary = "load a saved model and print its metrics on a dataset",
          .details =
              "FILE is written by 'train --save-model FILE' (format: docs/models.md); a corrupt\n"
              "or truncated file is refused. Without --dataset the run's own data source is\n"
              "used. --split all (default) evaluates every row; train, validation or test\n"
              "re-make the run's split, so 'evaluate --split test' on the same data prints the\n"
              "run's test metrics. Classification: accuracy, macro precision/recall/F1, ROC AUC,\n"
              "log loss and the confusion matrix; regression: RMSE, MAE, R².\n\n"
              "Exit status: 0 ok, 1 unreadable/corrupt model or data that does not fit it,\n"
              "2 usage error.\n",
          .options = {{"--model", "FILE", "the model file to load"},
                      {"--dataset", "NAME|PATH", "built-in dataset, generator or CSV file"},
                      {"--target", "COL", "target column (default: the model's target name)"},
                      {"--split", "S", "all | train | validation | test (default all)"},
                      {"--json", "", "print one JSON object with the metrics"},
                      {"--help", "", "this text"}},
          .run = Run};
}

}  // namespace optiscope::cli
