// "optiscope-cli evaluate": loads a model file written by 'train --save-model' (or a compressed
// .optq file written by 'compress --out') and prints its metrics on a dataset (all rows, or the
// training run's own train/validation/test split).
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/metrics_json.h"
#include "engine/compress/compressed_model_file.h"
#include "engine/compress/evaluate_compressed.h"
#include "engine/data/builtin_datasets.h"
#include "engine/data/data_source.h"
#include "engine/data/synthetic.h"
#include "engine/train/evaluate_saved.h"
#include "engine/train/model_file.h"

namespace optiscope::cli {
namespace {

// --dataset NAME|PATH into *data (a generator name selects synthetic data), with `target`.
void ApplyDataset(const std::string& dataset, const std::string& target, DataConfig* data) {
  if (const auto kind = EnumFromName<SyntheticKind>(dataset)) {
    data->source = "synthetic";
    data->synthetic.kind = *kind;
  } else {
    data->source = dataset;
  }
  data->target = target;
}

int Print(const ParsedArgs& args, const std::string& path, const std::string& model_name,
          const DataConfig& data, const std::string& split, const EvaluationReport& report,
          const std::vector<std::string>& class_names) {
  const std::string source =
      data.source == "synthetic" ? EnumName(data.synthetic.kind) : data.source;
  if (args.Has("--json")) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["event"] = "evaluation";
    j["model_file"] = path;
    j["model"] = model_name;
    j["dataset"] = source;
    j["split"] = split;
    j["rows"] = report.rows;
    AddReportJson(report, class_names, &j);
    std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return kExitOk;
  }
  std::printf("%s on %s (%s rows)\n", model_name.c_str(), source.c_str(), split.c_str());
  std::fputs(ReportText(report, class_names).c_str(), stdout);
  return kExitOk;
}

// A compressed .optq file: its recorded data source (or --dataset), evaluated by the integer
// inference path.
int RunCompressed(const ParsedArgs& args, const std::string& path) {
  Result<CompressedModel> model = LoadCompressedModel(path);
  if (!model.ok()) return Fail(kExitBadInput, model.status().message());
  const std::string split = args.Get("--split").value_or("all");
  Result<DataConfig> recorded = CompressedSourceData(*model);
  DataConfig data;  // not `ok ? *recorded : DataConfig{}`: GCC 12 -O3 warns on the temporary
  if (recorded.ok()) data = *recorded;
  if (const auto dataset = args.Get("--dataset")) {
    ApplyDataset(*dataset, model->target_name, &data);
  } else if (!recorded.ok()) {
    return UsageError(path + " does not record its data source: give --dataset", "evaluate");
  }
  if (const auto target = args.Get("--target")) data.target = *target;
  Result<Dataset> dataset = LoadDataset(data);
  if (!dataset.ok()) return Fail(kExitBadInput, dataset.status().message());
  Result<EvaluationReport> report = EvaluateCompressedOnDataset(*model, *dataset, split);
  if (!report.ok()) return Fail(kExitBadInput, report.status().message());
  return Print(args, path, model->description, data, split, *report, model->class_names);
}

int RunEvaluate(const ParsedArgs& args) {
  if (!args.positionals.empty()) {
    return UsageError("unexpected argument '" + args.positionals[0] + "' (use --model FILE)",
                      "evaluate");
  }
  const auto path = args.Get("--model");
  if (!path) return UsageError("missing --model FILE", "evaluate");
  if (IsCompressedModelFile(*path)) return RunCompressed(args, *path);
  Result<LoadedModel> loaded = LoadTrainedModel(*path);
  if (!loaded.ok()) return Fail(kExitBadInput, loaded.status().message());
  const TrainedModel& model = loaded->model;

  // The data: the run's own source unless --dataset names another; the model's target column.
  DataConfig data = loaded->config.data;
  if (const auto dataset = args.Get("--dataset")) {
    ApplyDataset(*dataset, model.target_name, &data);
  }
  if (const auto target = args.Get("--target")) data.target = *target;
  Result<Dataset> dataset = LoadDataset(data);
  if (!dataset.ok()) return Fail(kExitBadInput, dataset.status().message());
  const std::string split = args.Get("--split").value_or("all");
  Result<EvaluationReport> report = EvaluateOnDataset(model, loaded->config, *dataset, split);
  if (!report.ok()) return Fail(kExitBadInput, report.status().message());
  return Print(args, *path, EnumName(model.model.type), data, split, *report, model.class_names);
}

}  // namespace

Command EvaluateCommand() {
  return {.name = "evaluate",
          .synopsis = "evaluate --model FILE [--dataset NAME|PATH] [--split S] [--json]",
          .summary = "load a saved model and print its metrics on a dataset",
          .details =
              "FILE is written by 'train --save-model FILE' (format: docs/models.md) or is a\n"
              "compressed model written by 'compress --out FILE' (docs/compression.md: it\n"
              "predicts with the integer kernels); a corrupt or truncated file is refused.\n"
              "Without --dataset the run's own data source is used. --split all (default) evaluates every row; train, validation or test\n"
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
          .run = RunEvaluate};
}

}  // namespace optiscope::cli
