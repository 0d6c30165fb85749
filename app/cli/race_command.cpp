// "optiscope-cli race": several optimizers train the same model on the same data from the same
// weights and batches; prints the ranked comparison (or JSON lines). docs/race.md has the details.
#include <charconv>
#include <cstdio>
#include <stop_token>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/interrupt.h"
#include "app/cli/race_json.h"
#include "app/cli/text_table.h"
#include "app/cli/train_overrides.h"
#include "engine/config/config_json.h"
#include "engine/race/race.h"
#include "engine/race/test_function_race.h"
#include "engine/race/test_functions.h"

namespace optiscope::cli {
namespace {

constexpr const char* kDefaultOptimizers = "sgd,momentum,adam,rmsprop";

template <class T>
bool ParseValue(const std::string& text, T* out) {
  const char* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, *out);
  return !text.empty() && r.ec == std::errc() && r.ptr == end;
}

// Reads option `name` into *out when given; false (after reporting the usage error) when bad.
template <class T>
bool Option(const ParsedArgs& args, const std::string& name, const char* expected, T* out,
            int* exit_code) {
  const auto value = args.Get(name);
  if (!value) return true;
  if (!ParseValue(*value, out)) {
    *exit_code =
        UsageError("option '" + name + "' expects " + expected + ", got '" + *value + "'", "race");
    return false;
  }
  return true;
}

int RunFunctionRace(const std::vector<RacerSpec>& racers, const std::string& function, int steps,
                    bool json, RaceJsonSink& json_sink) {
  TestFunctionRaceOptions o;
  o.function = function;
  o.steps = steps;
  o.grid = 2;
  NullEventSink null;
  auto runs = RunTestFunctionRace(racers, o, null);
  if (!runs.ok()) return UsageError(runs.status().message(), "race");
  if (json) {
    json_sink.PrintLine(FunctionResultJson(function, *runs));
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows = {
      {"optimizer", "lr", "steps", "final x", "final y", "f", "status"}};
  for (const TestFunctionRun& r : *runs) {
    rows.push_back({r.racer, FormatFixed(r.lr, 4), std::to_string(r.values.size() - 1),
                    FormatFixed(r.xy[r.xy.size() - 2], 4), FormatFixed(r.xy.back(), 4),
                    FormatFixed(r.values.back(), 6), RunEndName(r.status)});
  }
  std::printf("%s: %d steps from the same start\n%s", function.c_str(), steps,
              FormatTable(rows, {false, true, true, true, true, true, false}).c_str());
  return kExitOk;
}

int RunRaceCommand(const ParsedArgs& args) {
  if (!args.positionals.empty()) {
    return UsageError("unexpected argument '" + args.positionals[0] + "'", "race");
  }
  if (args.Has("--config") && args.Has("--demo")) {
    return UsageError("--config and --demo exclude each other", "race");
  }
  auto racers = ParseRacerSpecs(args.Get("--optimizers").value_or(kDefaultOptimizers));
  if (!racers.ok()) return UsageError("--optimizers: " + racers.status().message(), "race");
  const bool json = args.Has("--json");
  RaceJsonSink json_sink(stdout);
  int exit_code = kExitOk;

  if (const auto function = args.Get("--function")) {
    int steps = 300;
    if (!Option(args, "--steps", "a positive integer", &steps, &exit_code)) return exit_code;
    if (steps < 1) return UsageError("option '--steps' must be at least 1", "race");
    return RunFunctionRace(*racers, *function, steps, json, json_sink);
  }

  ExperimentConfig config = DemoConfig();
  if (const auto path = args.Get("--config")) {
    auto loaded = LoadExperimentConfig(*path);
    if (!loaded.ok()) return Fail(kExitBadInput, loaded.status().message());
    config = *std::move(loaded);
  }
  RaceOptions options;
  options.racers = *racers;
  options.tune_each = args.Has("--tune-each");
  options.landscape = args.Has("--landscape");
  options.boundary_every = 0;
  // The shared data, model and training options (--dataset, --model, --epochs, ...); the racers'
  // own settings (--optimizers) replace --optimizer and --lr.
  if (Status s = ApplyOverrides(args, &config); !s.ok()) return UsageError(s.message(), "race");
  if (!Option(args, "--target-loss", "a number", &options.target_loss, &exit_code) ||
      !Option(args, "--threads", "a non-negative integer", &options.threads, &exit_code) ||
      !Option(args, "--tune-trials", "a positive integer", &options.tuning.trials, &exit_code) ||
      !Option(args, "--tune-epochs", "a positive integer", &options.tuning.epochs, &exit_code)) {
    return exit_code;
  }
  if (Status s = ValidateExperimentConfig(config); !s.ok()) {
    return Fail(kExitBadInput, "invalid configuration: " + s.message());
  }

  RaceProgressSink progress(stderr);
  NullEventSink null;
  EventSink& sink = json                  ? static_cast<EventSink&>(json_sink)
                    : args.Has("--quiet") ? static_cast<EventSink&>(null)
                                          : progress;
  std::stop_source stop;
  Result<RaceResult> result = [&] {
    InterruptWatcher watcher(stop);
    return RunRace(config, options, sink, stop.get_token());
  }();
  if (!result.ok()) return Fail(kExitBadInput, result.status().message());
  const RaceFinished& finished = result->finished;
  if (json) {
    json_sink.PrintLine(RaceFinishedJson(finished));
  } else {
    const std::string metric = result->task == TaskKind::kClassification ? "accuracy" : "rmse";
    std::printf("Race: %s, %d epochs\n%s", config.name.c_str(), config.training.epochs,
                RaceTable(finished, metric).c_str());
    if (result->has_landscape) std::printf("%s", LandscapeSummary(result->landscape).c_str());
    std::fflush(stdout);
  }
  if (finished.status == RunEnd::kCancelled) return Fail(kExitCancelled, "race cancelled (interrupted)");
  bool any_ok = false;
  for (const RaceStanding& s : finished.standings) any_ok |= s.status == RunEnd::kOk;
  if (!any_ok) return Fail(kExitRunFailed, "every racer failed");
  return kExitOk;
}

}  // namespace

// race's options: its own, then train's data, model and training options (one shared table).
std::vector<OptionSpec> RaceOptionList(const std::string& functions) {
  std::vector<OptionSpec> options = {
      {"--config", "FILE", "read the experiment from a JSON file (docs/config.md)"},
      {"--demo", "", "race on the built-in demo (the default without --config)"},
      {"--optimizers", "LIST", "the racers, e.g. adam:lr=0.01,sgd:lr=0.1:momentum=0.9"},
      {"--tune-each", "", "tune each optimizer's learning rate first (same budget)"},
      {"--tune-trials", "N", "trainings per optimizer when tuning (default 6)"},
      {"--tune-epochs", "N", "epochs per tuning training (default epochs/3)"},
      {"--target-loss", "X", "the loss to time (default: worst racer's best loss)"},
      {"--threads", "N", "racers trained at once (default: all)"},
      {"--landscape", "", "also compute the loss landscape (JSON: a summary line)"},
      {"--function", "NAME", "race on a 2-D test function: " + functions},
      {"--steps", "N", "steps on the test function (default 300)"},
      {"--json", "", "print JSON lines on stdout (events, then race_finished)"},
      {"--quiet", "", "no progress output; only the table"},
  };
  for (OptionSpec& o : DataOptions()) options.push_back(std::move(o));
  for (OptionSpec& o : ModelTrainingOptions()) options.push_back(std::move(o));
  options.push_back({"--help", "", "this text"});
  return options;
}

Command RaceCommand() {
  std::string functions;
  for (const std::string& f : SurfaceFunctionNames())
    functions += (functions.empty() ? "" : ", ") + f;
  return {
      .name = "race",
      .synopsis =
          "race [--config FILE | --demo] [--optimizers LIST] [--epochs N] [--tune-each] "
          "[--json]",
      .summary = "race optimizers on one model and dataset (same weights, same batches), ranked",
      .details =
          "Every optimizer in LIST trains the configuration's model from the same initial\n"
          "weights on the same mini-batches, concurrently; the table ranks them by best\n"
          "validation loss and shows the epochs and seconds each took to reach the target loss\n"
          "(default: the worst optimizer's best loss). LIST is comma-separated; each entry is an\n"
          "optimizer type with optional :key=value settings, e.g.\n"
          "  --optimizers adam:lr=0.01,sgd:lr=0.1:momentum=0.9,rmsprop\n"
          "(keys: lr momentum dampening nesterov beta1 beta2 eps weight_decay amsgrad alpha\n"
          "centered lr_decay initial_accumulator momentum_decay hypergrad_beta history_size\n"
          "label). Default: " +
          std::string(kDefaultOptimizers) +
          ".\n"
          "--tune-each first gives every optimizer the same budget of short trainings to pick\n"
          "its own learning rate. --function NAME races on a 2-D test function instead (" +
          functions +
          ").\n"
          "With --json, stdout carries JSON lines; the last is race_finished with the results.\n\n"
          "Exit status: 0 ok, 1 bad configuration or data, 2 usage error, 3 every optimizer\n"
          "failed, 130 interrupted.\n",
      .options = RaceOptionList(functions),
      .run = RunRaceCommand};
}

}  // namespace optiscope::cli
