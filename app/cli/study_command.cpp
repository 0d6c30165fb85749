// "optiscope-cli study": run a study from a spec (resuming a stored one of the same name), list and
// show stored studies, export the best trial's configuration or all trials as CSV.
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <stop_token>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/interrupt.h"
#include "app/cli/study_actions.h"
#include "app/cli/study_output.h"
#include "app/cli/text_table.h"
#include "engine/config/config_json.h"
#include "engine/core/file_io.h"
#include "engine/search/storage.h"
#include "engine/search/study.h"
#include "engine/search/study_export.h"
#include "engine/search/study_reevaluate.h"
#include "engine/core/str_cat.h"

namespace optiscope::cli {
namespace {

bool ParseInt(const std::string& text, int* out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && p == text.data() + text.size();
}

bool ParseDouble(const std::string& text, double* out) {
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && p == text.data() + text.size();
}

// Writes `text` to --output FILE, or stdout.
int Emit(const ParsedArgs& args, const std::string& text) {
  if (const auto path = args.Get("--output")) {
    if (Status s = WriteFileAtomically(*path, text); !s.ok()) return Fail(kExitBadInput, s.message());
    return kExitOk;
  }
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
  return kExitOk;
}

int RunStudy(const ParsedArgs& args) {
  if (args.positionals.size() != 2) {
    return UsageError("study run needs one SPEC.json", kStudyCommand);
  }
  auto spec = LoadStudySpec(args.positionals[1]);
  if (!spec.ok()) return Fail(kExitBadInput, spec.status().message());
  if (const auto name = args.Get("--name")) spec->name = *name;
  if (const auto t = args.Get("--timeout")) {
    if (!ParseDouble(*t, &spec->timeout_s) ||
        !(spec->timeout_s >= 0 && spec->timeout_s <= kMaxTimeoutSeconds)) {
      return UsageError("--timeout: expected seconds in 0..100000000, got '" + *t + "'", kStudyCommand);
    }
  }
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kExitBadInput, store.status().message());
  return RunStudySpec(*std::move(spec), args, **store);
}

}  // namespace

int RunStudySpec(StudySpec loaded, const ParsedArgs& args, StudyStore& store) {
  StudySpec* spec = &loaded;
  if (const auto n = args.Get("--n-jobs")) {
    if (!ParseInt(*n, &spec->n_jobs) || spec->n_jobs < 1 || spec->n_jobs > 256) {
      return UsageError("--n-jobs: expected an integer in 1..256, got '" + *n + "'", kStudyCommand);
    }
  }
  if (const auto n = args.Get("--n-trials")) {
    if (!ParseInt(*n, &spec->n_trials) || spec->n_trials < 0) {
      return UsageError("--n-trials: expected an integer >= 0, got '" + *n + "'", kStudyCommand);
    }
  }
  if (const auto n = args.Get("--retry-failed")) {
    if (!ParseInt(*n, &spec->retry_failed) || spec->retry_failed < 0 || spec->retry_failed > 100) {
      return UsageError("--retry-failed: expected an integer in 0..100, got '" + *n + "'", kStudyCommand);
    }
  }
  if (std::string line = ResumeLine(store, *spec); !line.empty()) {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  auto objective = MakeStudyObjective(*spec);
  if (!objective.ok()) return Fail(kExitBadInput, objective.status().message());

  const bool json = args.Has("--json");
  StudyJsonSink json_sink(stdout);
  StudyProgressSink progress(stderr, ::isatty(STDERR_FILENO) == 1, spec->n_trials,
                             spec->directions[0]);
  EventSink& sink = json ? static_cast<EventSink&>(json_sink) : progress;
  StudyOpenOptions open;
  open.allow_changed_spec = args.Has("--allow-changed-spec");
  auto study = Study::Open(*spec, store, std::shared_ptr<StudyObjective>(std::move(*objective)),
                           sink, open);
  if (!study.ok()) return Fail(kExitBadInput, study.status().message());
  if (spec->directions.size() > 1) {
    std::fprintf(stderr, "%s\n", MultiObjectiveNote(*spec).c_str());
  }

  std::stop_source stop;
  bool interrupted = false;
  Result<StudySummary> summary = [&] {
    InterruptWatcher watcher(stop);
    auto result = (*study)->Run(stop.get_token());
    interrupted = watcher.interrupted();
    return result;
  }();
  progress.Finish();
  if (!summary.ok()) return Fail(kExitRunFailed, summary.status().message());
  const auto trials = (*study)->Trials();
  if (json) {
    json_sink.PrintLine(StudyFinishedJson(spec->name, *summary, trials));
  } else {
    std::printf("study %s: %d trials (%d complete, %d pruned, %d failed), %s\n",
                spec->name.c_str(), summary->n_trials, summary->n_complete, summary->n_pruned,
                summary->n_failed, summary->reason.c_str());
    if (summary->best_trial >= 0) {
      const TrialRecord& best = trials[summary->best_trial];
      std::printf("best trial %d: value %.10g  params %s\n", best.number, best.values[0],
                  TrialParamsJson(best.params).c_str());
    }
    if (spec->directions.size() > 1) {
      std::printf("pareto front (%zu trials):", summary->pareto_front.size());
      for (int n : summary->pareto_front) std::printf(" %d", n);
      std::printf("\n");
    }
    std::fflush(stdout);
  }
  if (interrupted) return Fail(kExitCancelled, "study stopped (interrupted); run again to resume");
  return kExitOk;
}

namespace {

int ListStudies(const ParsedArgs& args) {
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kExitBadInput, store.status().message());
  auto studies = (*store)->ListStudies();
  if (!studies.ok()) return Fail(kExitBadInput, studies.status().message());
  std::vector<std::vector<std::string>> rows = {{"name", "trials", "complete", "best"}};
  for (const StudyInfo& info : *studies) {
    auto trials = (*store)->Trials(info.name);
    std::string best = "-";
    if (trials.ok()) {
      if (const TrialRecord* b = BestRecord(*trials, info.directions)) {
        best = FormatFixed(b->values[0], 6) + " (#" + std::to_string(b->number) + ")";
      }
    }
    rows.push_back({info.name, std::to_string(info.n_trials), std::to_string(info.n_complete), best});
  }
  return Emit(args, FormatTable(rows, {false, true, true, true}));
}

}  // namespace

Result<std::unique_ptr<StudyStore>> OpenStore(const ParsedArgs& args) {
  return OpenStudyStore(args.Get("--storage").value_or("sqlite"));
}

Result<StudySpec> StoredSpec(const StudyInfo& info) {
  return ParseStudySpec(info.spec_json, "stored spec of " + info.name);
}

Result<std::pair<StudyInfo, std::vector<TrialRecord>>> LoadStudy(const ParsedArgs& args,
                                                                 StudyStore& store) {
  std::string name;
  if (const auto n = args.Get("--name")) {
    name = *n;
  } else {
    auto studies = store.ListStudies();
    if (!studies.ok()) return studies.status();
    if (studies->size() != 1) {
      return Status::InvalidArgument("--name is required (the storage holds " +
                                     std::to_string(studies->size()) + " studies)");
    }
    name = (*studies)[0].name;
  }
  auto info = store.GetStudy(name);
  if (!info.ok()) return info.status();
  auto trials = store.Trials(name);
  if (!trials.ok()) return trials.status();
  return std::make_pair(*std::move(info), *std::move(trials));
}

namespace {

int ShowStudy(const ParsedArgs& args) {
  if (args.Has("--json")) return ShowStudyJson(args);
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kExitBadInput, store.status().message());
  auto loaded = LoadStudy(args, **store);
  if (!loaded.ok()) return Fail(kExitBadInput, loaded.status().message());
  const auto& [info, trials] = *loaded;
  std::string dirs;
  for (Direction d : info.directions) dirs += std::string(dirs.empty() ? "" : ", ") + DirectionName(d);
  std::string text = "study " + info.name + " (" + dirs + "): " + std::to_string(trials.size()) +
                     " trials\n";
  std::vector<std::vector<std::string>> rows = {{"#", "state", "value", "seconds", "params"}};
  for (const TrialRecord& t : trials) {
    rows.push_back({std::to_string(t.number), TrialStateName(t.state),
                    t.values.empty() ? "-" : FormatFixed(t.values[0], 6),
                    FormatFixed(t.seconds, 2),
                    TrialParamsJson(t.params) + (t.reason.empty() ? "" : "  " + t.reason)});
  }
  text += FormatTable(rows, {true, false, true, true, false});
  if (const TrialRecord* best = BestRecord(trials, info.directions)) {
    text += "best: trial " + std::to_string(best->number) + "\n";
  }
  const auto front = ParetoFront(trials, info.directions);
  if (info.directions.size() > 1) {
    text += "pareto front:";
    for (int n : front) StrAppend(&text, {" ", std::to_string(n)});
    text += "\n";
  }
  return Emit(args, text);
}

int ExportStudy(const ParsedArgs& args) {
  const int modes = static_cast<int>(args.Has("--best")) +
                    static_cast<int>(args.Has("--trials-csv")) +
                    static_cast<int>(args.Has("--best-model"));
  if (modes != 1) {
    return UsageError("study export needs one of --best, --trials-csv or --best-model FILE",
                      kStudyCommand);
  }
  int number = -1;
  if (const auto t = args.Get("--trial"); t && (!ParseInt(*t, &number) || number < 0)) {
    return UsageError("--trial: expected a trial number >= 0, got '" + *t + "'", kStudyCommand);
  }
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kExitBadInput, store.status().message());
  auto loaded = LoadStudy(args, **store);
  if (!loaded.ok()) return Fail(kExitBadInput, loaded.status().message());
  const auto& [info, trials] = *loaded;
  if (args.Has("--trials-csv")) {
    return Emit(args, TrialsCsv(trials, static_cast<int>(info.directions.size())));
  }
  auto chosen = ExportTrial(trials, info.directions, number);
  if (!chosen.ok()) return Fail(kExitBadInput, "study " + info.name + ": " + chosen.status().message());
  const TrialRecord* best = *chosen;
  auto spec = StoredSpec(info);
  if (!spec.ok()) return Fail(kExitBadInput, spec.status().message());
  if (const auto model = args.Get("--best-model")) {
    std::stop_source stop;
    InterruptWatcher watcher(stop);
    auto metrics = ExportCompressedModel(*spec, *best, *model, stop.get_token());
    if (!metrics.ok()) return Fail(kExitBadInput, metrics.status().message());
    std::printf("trial %d (%s): %s, %lld bytes (%.2fx smaller than float32)", best->number,
                TrialParamsJson(best->params).c_str(), metrics->label.c_str(), metrics->bytes,
                metrics->bytes > 0 ? static_cast<double>(metrics->float_bytes) / metrics->bytes
                                   : 0.0);
    if (std::isfinite(metrics->accuracy)) std::printf(", test accuracy %.4f", metrics->accuracy);
    if (std::isfinite(metrics->rmse)) std::printf(", test rmse %.6g", metrics->rmse);
    std::printf("\nwrote %s\n", model->c_str());
    return kExitOk;
  }
  if (spec->objective_kind != ObjectiveKind::kExperiment) {
    return Emit(args, TrialParamsJson(best->params) + "\n");
  }
  auto config = TrialConfig(*spec, *best);
  if (!config.ok()) return Fail(kExitBadInput, config.status().message());
  return Emit(args, WriteExperimentConfig(*config));
}

int Reevaluate(const ParsedArgs& args) {
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kExitBadInput, store.status().message());
  auto loaded = LoadStudy(args, **store);
  if (!loaded.ok()) return Fail(kExitBadInput, loaded.status().message());
  const auto& [info, trials] = *loaded;
  auto spec = StoredSpec(info);
  if (!spec.ok()) return Fail(kExitBadInput, spec.status().message());
  ReevaluateOptions options;
  if (const auto k = args.Get("--top"); k && (!ParseInt(*k, &options.top_k) || options.top_k < 1)) {
    return UsageError("--top: expected an integer >= 1", kStudyCommand);
  }
  if (const auto s = args.Get("--seeds");
      s && (!ParseInt(*s, &options.n_seeds) || options.n_seeds < 2)) {
    return UsageError("--seeds: expected an integer >= 2", kStudyCommand);
  }
  // Standalone: no Study around the trials here, so the command objective enforces the spec's
  // trial timeout itself.
  auto objective = MakeStudyObjective(*spec, /*standalone=*/true);
  if (!objective.ok()) return Fail(kExitBadInput, objective.status().message());
  std::stop_source stop;
  InterruptWatcher watcher(stop);
  auto result = ReevaluateTopTrials(*spec, trials, **objective, options, stop.get_token());
  if (!result.ok()) return Fail(kExitRunFailed, result.status().message());
  return Emit(args, args.Has("--json") ? ReevaluationJson(*result) + "\n"
                                       : ReevaluationText(*result));
}

int RunStudyCommand(const ParsedArgs& args) {
  constexpr const char* kActions =
      "run, worker, list, show, export, reevaluate, importance, pause, resume, stop or set";
  if (args.positionals.empty()) {
    return UsageError(std::string("missing action (") + kActions + ")", kStudyCommand);
  }
  const std::string& action = args.positionals[0];
  if (action == "run") return RunStudy(args);
  if (args.positionals.size() > 1) {
    return UsageError("unexpected argument '" + args.positionals[1] + "'", kStudyCommand);
  }
  if (action == "list") return ListStudies(args);
  if (action == "show") return ShowStudy(args);
  if (action == "export") return ExportStudy(args);
  if (action == "reevaluate") return Reevaluate(args);
  if (action == "worker") return StudyWorker(args);
  if (action == "importance") return StudyImportance(args);
  if (action == "pause" || action == "resume" || action == "stop" || action == "set") {
    return SteerStudy(args, action);
  }
  return UsageError("unknown action '" + action + "' (" + kActions + ")", kStudyCommand);
}

}  // namespace

Command StudyCommand() {
  return {
      .name = "study",
      .synopsis = "study run SPEC.json | worker | list | show | export | reevaluate | importance "
                  "| pause | resume | stop | set [--storage URL] [--name NAME] ...",
      .summary = "hyperparameter studies: run (or join) a spec, steer, list, show and export them",
      .details =
          "study run SPEC.json [--storage memory|sqlite:PATH|postgresql://...] [--name NAME] [--n-jobs N] [--json]\n"
          "  runs the study the spec describes (docs/study.md); a stored study with the same\n"
          "  name resumes where it stopped, and any number of processes may run it at once\n"
          "  (the n_trials budget is shared exactly). A changed space or objective is refused\n"
          "  unless --allow-changed-spec. Progress goes to stderr; with --json stdout carries\n"
          "  one JSON object per event, the last {\"event\":\"study_finished\",...,\"best\":{...}}.\n"
          "study worker --storage URL --name NAME [--n-jobs N]\n"
          "  joins a stored study; the spec is read from the store.\n"
          "study list|show --storage URL [--name NAME] [--json]\n"
          "  show --json: counts per state and per worker, steering state and the best trial.\n"
          "study pause|resume|stop --storage URL --name NAME\n"
          "study set --storage URL --name NAME [--space FILE] [--sampler JSON] [--pruner JSON]\n"
          "  steer every worker of the study through the store; they obey between trials\n"
          "  (stop also ends their running trials, which do not use budget).\n"
          "study importance --storage URL [--name NAME] [--json]\n"
          "  fANOVA importance of each parameter (Hutter, Hoos & Leyton-Brown 2014).\n"
          "study export --storage URL [--name NAME] --best|--trials-csv [--output FILE]\n"
          "  --best writes the best trial as a configuration for 'train --config'.\n"
          "study export --storage URL [--name NAME] --best-model FILE [--trial N]\n"
          "  a \"compress\" study: rebuilds the best trial's (or trial N's, e.g. one of the\n"
          "  Pareto front) compressed model and writes it as a .optq file.\n"
          "study reevaluate --storage URL [--name NAME] [--top K] [--seeds N] [--json]\n"
          "  re-runs the top K configurations with N seeds and compares each with the best\n"
          "  (corrected resampled t-test, Nadeau & Bengio 2003).\n"
          "The default storage is $XDG_DATA_HOME/optiscope/studies.db (SQLite).\n\n"
          "Exit status: 0 ok, 1 bad spec or storage, 2 usage error, 3 storage failed during\n"
          "the study, 130 interrupted (completed trials are kept; run again to resume).\n",
      .options = {{"--storage", "URL", "memory, sqlite (default file), sqlite:PATH or postgresql://USER@HOST/DB"},
                  {"--name", "NAME", "the study name (run: overrides the spec's)"},
                  {"--n-jobs", "N", "run/worker: trials in parallel in this process"},
                  {"--n-trials", "N", "run/worker: trial budget of the study (overrides the spec's)"},
                  {"--timeout", "SECONDS", "run: wall-time budget (overrides the spec's)"},
                  {"--retry-failed", "N",
                   "run/worker: re-queue a trial whose process died up to N times"},
                  {"--allow-changed-spec", "", "run: resume even if the space or objective changed"},
                  {"--json", "", "JSON lines on stdout (show/importance: one JSON object)"},
                  {"--space", "FILE", "set: a new search space (JSON; a spec's \"space\" is taken)"},
                  {"--sampler", "JSON", "set: a new sampler, e.g. '{\"type\":\"random\"}'"},
                  {"--pruner", "JSON", "set: a new pruner, e.g. '{\"type\":\"median\"}'"},
                  {"--best", "", "export: the best trial's configuration"},
                  {"--trials-csv", "", "export: every trial as CSV"},
                  {"--best-model", "FILE", "export: the compressed model of a compress study"},
                  {"--trial", "N", "export: this trial instead of the best"},
                  {"--output", "FILE", "export/show/list: write to FILE instead of stdout"},
                  {"--top", "K", "reevaluate: configurations to re-run (default 3)"},
                  {"--seeds", "N", "reevaluate: seeds per configuration (default 5)"},
                  {"--help", "", "this text"}},
      .run = RunStudyCommand};
}

}  // namespace optiscope::cli
