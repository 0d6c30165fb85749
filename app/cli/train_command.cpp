// "optiscope-cli train": builds the configuration (file or demo, then overrides), optionally
// exports it, runs the experiment with progress or JSON events, and prints the result.
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <stop_token>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/interrupt.h"
#include "app/cli/json_events.h"
#include "app/cli/progress_output.h"
#include "app/cli/train_overrides.h"
#include "engine/config/config_json.h"
#include "app/cli/metrics_json.h"
#include "engine/train/experiment.h"
#include "engine/train/model_file.h"

namespace optiscope::cli {
namespace {

// The configuration the flags describe, or the exit status of the error already reported.
struct Built {
  ExperimentConfig config;
  int exit_code = kExitOk;
};

Built BuildConfig(const ParsedArgs& args) {
  Built built;
  if (!args.positionals.empty()) {
    built.exit_code = UsageError("unexpected argument '" + args.positionals[0] +
                                     "' (use --config FILE or --dataset NAME|PATH)",
                                 "train");
    return built;
  }
  if (args.Has("--config") && args.Has("--demo")) {
    built.exit_code = UsageError("--config and --demo exclude each other", "train");
    return built;
  }
  if (const auto path = args.Get("--config")) {
    Result<ExperimentConfig> loaded = LoadExperimentConfig(*path);
    if (!loaded.ok()) {
      built.exit_code = Fail(kExitBadInput, loaded.status().message());
      return built;
    }
    built.config = *std::move(loaded);
  } else {
    built.config = DemoConfig();
  }
  if (Status s = ApplyOverrides(args, &built.config); !s.ok()) {
    built.exit_code = UsageError(s.message(), "train");
    return built;
  }
  if (Status s = ValidateExperimentConfig(built.config); !s.ok()) {
    built.exit_code = Fail(kExitBadInput, "invalid configuration: " + s.message());
  }
  return built;
}

int ExitCodeOf(const RunResult& result) {
  if (result.status.ok()) return kExitOk;
  if (result.status.code() == StatusCode::kCancelled) return kExitCancelled;
  return kExitRunFailed;
}

// --export (again, now with a "result" block: the run_finished fields without "event") and
// --save-model (only for a finished run). Returns kExitOk or the exit status of a reported error.
int WriteRunOutputs(const ParsedArgs& args, const ExperimentConfig& config,
                    const RunResult& result) {
  if (const auto path = args.Get("--export"); path && result.status.ok()) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::parse(WriteExperimentConfig(config));
    nlohmann::ordered_json block = nlohmann::ordered_json::parse(RunFinishedJson(result));
    block.erase("event");
    doc["result"] = block;
    if (Status s = WriteFileAtomically(*path, doc.dump(2) + "\n"); !s.ok()) {
      return Fail(kExitBadInput, s.message());
    }
  }
  if (const auto path = args.Get("--save-model")) {
    if (!result.status.ok()) {
      Fail(kExitOk, "model not saved: the run did not finish (" +
                        std::string(RunStatusName(result.status)) + ")");
      return kExitOk;
    }
    if (Status s = SaveTrainedModel(result.model, config, *path); !s.ok()) {
      return Fail(kExitBadInput, s.message());
    }
  }
  return kExitOk;
}

int RunTrain(const ParsedArgs& args) {
  Built built = BuildConfig(args);
  if (built.exit_code != kExitOk) return built.exit_code;
  const ExperimentConfig& config = built.config;
  if (const auto path = args.Get("--export")) {
    if (Status s = SaveExperimentConfig(config, *path); !s.ok()) {
      return Fail(kExitBadInput, s.message());
    }
  }

  const bool json = args.Has("--json");
  const bool quiet = args.Has("--quiet");
  JsonLinesSink json_sink(stdout, config);
  ProgressSink progress_sink(stderr, ::isatty(STDERR_FILENO) == 1);
  NullEventSink null_sink;
  EventSink& sink = json    ? static_cast<EventSink&>(json_sink)
                    : quiet ? static_cast<EventSink&>(null_sink)
                            : progress_sink;

  std::stop_source stop;
  Result<RunResult> result = [&] {
    InterruptWatcher watcher(stop);
    return RunExperiment(config, sink, stop.get_token());
  }();
  progress_sink.Finish();
  if (!result.ok()) {
    if (result.status().code() == StatusCode::kCancelled) {
      return Fail(kExitCancelled, "cancelled before training started");
    }
    return Fail(kExitBadInput, result.status().message());
  }

  const int exit_code = ExitCodeOf(*result);
  if (json) {
    json_sink.PrintLine(RunFinishedJson(*result));
  } else {
    std::fputs(SummaryText(*result).c_str(), stdout);
    if (result->status.ok() && result->test_report.rows > 0) {
      std::fputs(("\ntest metrics:\n" + ReportText(result->test_report,
                                                   result->model.class_names))
                     .c_str(),
                 stdout);
    }
    std::fflush(stdout);
  }
  // After the run: the exported configuration gains its result block, the model file is written.
  if (int code = WriteRunOutputs(args, config, *result); code != kExitOk) return code;
  if (exit_code == kExitCancelled)
    return Fail(exit_code,
                "cancelled after " + std::to_string(result->epochs_run) + " epochs (interrupted)");
  if (exit_code != kExitOk) {
    return Fail(exit_code, "run " + std::string(RunStatusName(result->status)) + ": " +
                                result->status.message());
  }
  return kExitOk;
}

std::vector<OptionSpec> TrainOptions() {
  std::vector<OptionSpec> options = {
      {"--config", "FILE", "read the configuration from a JSON file (docs/config.md)"},
      {"--demo", "", "start from the built-in demo (the default without --config)"},
      {"--json", "", "print one JSON object per line on stdout (events, then the result)"},
      {"--export", "FILE", "write the effective configuration (after overrides) as JSON"},
      {"--quiet", "", "no progress output; only the summary"},
      {"--save-model", "FILE", "write the trained model to FILE (docs/models.md; 'evaluate')"},
  };
  for (OptionSpec& spec : OverrideOptions()) options.push_back(std::move(spec));
  options.push_back({"--help", "", "this text"});
  return options;
}

}  // namespace

Command TrainCommand() {
  return {
      .name = "train",
      .synopsis = "train [--config FILE | --demo] [--json] [--export FILE] [overrides]",
      .summary = "train a model from a configuration file or the demo, with overrides",
      .details =
          "Without --config the built-in demo is used (digits, MLP 64-128-64-10 ReLU, Adam 1e-3,\n"
          "batch 32, 30 epochs). The other options override fields of the configuration; the\n"
          "result is validated as a whole. Progress goes to stderr (a bar on a terminal), the\n"
          "summary to stdout. With --json, stdout carries JSON lines only: run_started, one\n"
          "epoch event per epoch, log events, and finally run_finished with the train,\n"
          "validation and test metrics (docs/cli.md).\n\n"
          "Exit status: 0 ok, 1 bad configuration or data, 2 usage error, 3 the run failed\n"
          "(e.g. the loss became NaN), 130 interrupted by Ctrl+C (the run stops cleanly).\n",
      .options = TrainOptions(),
      .run = RunTrain};
}

}  // namespace optiscope::cli
