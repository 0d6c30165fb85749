// "study worker | show --json | pause | resume | stop | set | importance": the actions for a study
// that several processes (on one or many machines) run through one store (docs/study.md).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/commands.h"
#include "app/cli/exit_codes.h"
#include "app/cli/study_actions.h"
#include "app/cli/text_table.h"
#include "engine/search/importance.h"
#include "engine/search/study_export.h"
#include "engine/search/study_steering.h"

namespace optiscope::cli {
namespace {

using SortedJson = nlohmann::json;  // keys sorted, as `study show --json` has always written them

// --name is required for the actions that address one running study.
Result<std::string> RequiredName(const ParsedArgs& args, const std::string& action) {
  const auto name = args.Get("--name");
  if (!name || name->empty()) {
    return Status::InvalidArgument("study " + action + " needs --name NAME");
  }
  return *name;
}

SortedJson ValueOrNull(double v) { return std::isfinite(v) ? SortedJson(v) : SortedJson(nullptr); }

}  // namespace

std::string ResumeLine(StudyStore& store, const StudySpec& spec) {
  auto trials = store.Trials(spec.name);
  if (!trials.ok() || trials->empty()) return "";
  int done = 0, running = 0, waiting = 0;
  for (const TrialRecord& t : *trials) {
    if (t.state == TrialState::kRunning) {
      ++running;
    } else if (t.state == TrialState::kWaiting) {
      ++waiting;
    } else if (t.uses_budget) {
      ++done;
    }
  }
  std::string line = "resuming study " + spec.name + ": " + std::to_string(done) + " of " +
                     (spec.n_trials > 0 ? std::to_string(spec.n_trials) : std::string("unlimited")) +
                     " trials done";
  if (running > 0 || waiting > 0) {
    line += " (" + std::to_string(running) + " running";
    if (waiting > 0) line += ", " + std::to_string(waiting) + " waiting for a retry";
    line += ")";
  }
  return line;
}

int StudyWorker(const ParsedArgs& args) {
  if (args.positionals.size() != 1) return UsageError("study worker takes no SPEC", kStudyCommand);
  auto name = RequiredName(args, "worker");
  if (!name.ok()) return UsageError(name.status().message(), kStudyCommand);
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kExitBadInput, store.status().message());
  auto info = (*store)->GetStudy(*name);
  if (!info.ok()) return Fail(kExitBadInput, info.status().message());
  auto spec = StoredSpec(*info);
  if (!spec.ok()) return Fail(kExitBadInput, spec.status().message());
  spec->name = *name;  // `study run --name` stores the spec under another name than its own
  return RunStudySpec(*std::move(spec), args, **store);
}

int ShowStudyJson(const ParsedArgs& args) {
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kExitBadInput, store.status().message());
  auto loaded = LoadStudy(args, **store);
  if (!loaded.ok()) return Fail(kExitBadInput, loaded.status().message());
  const auto& [info, trials] = *loaded;
  auto workers = (*store)->Workers(info.name);
  if (!workers.ok()) return Fail(kExitBadInput, workers.status().message());
  auto control = (*store)->GetControl(info.name);
  if (!control.ok()) return Fail(kExitBadInput, control.status().message());
  auto changes = (*store)->ChangesSince(info.name, INT64_MAX);
  if (!changes.ok()) return Fail(kExitBadInput, changes.status().message());

  const auto zero_states = [] {
    SortedJson s = SortedJson::object();
    for (const char* n : {"running", "waiting", "complete", "pruned", "failed"}) s[n] = 0;
    return s;
  };
  SortedJson states = zero_states();
  std::map<std::string, SortedJson> per_worker;
  for (const WorkerRecord& w : *workers) {
    per_worker[w.id] = {{"id", w.id},
                        {"heartbeat_age_s", w.heartbeat_age_s},
                        {"ended", w.ended},
                        {"states", zero_states()}};
  }
  for (const TrialRecord& t : trials) {
    const char* state = TrialStateName(t.state);
    states[state] = states[state].get<int>() + 1;
    if (t.worker.empty()) continue;
    SortedJson& w = per_worker[t.worker];
    if (w.is_null()) w = {{"id", t.worker}, {"states", zero_states()}};
    w["states"][state] = w["states"][state].get<int>() + 1;
  }
  SortedJson dirs = SortedJson::array();
  for (Direction d : info.directions) dirs.push_back(DirectionName(d));
  SortedJson out = {{"name", info.name},
              {"directions", dirs},
              {"n_trials", trials.size()},
              {"states", states},
              {"workers", SortedJson::array()},
              {"control", control->values},
              {"version", changes->version}};
  const auto spec = SortedJson::parse(info.spec_json, nullptr, false);
  if (spec.is_object() && spec.contains("n_trials")) out["budget"] = spec["n_trials"];
  for (auto& [id, w] : per_worker) out["workers"].push_back(std::move(w));
  if (const TrialRecord* best = BestRecord(trials, info.directions)) {
    SortedJson values = SortedJson::array();
    for (double v : best->values) values.push_back(ValueOrNull(v));
    out["best"] = {{"trial", best->number},
                   {"values", values},
                   {"params", SortedJson::parse(TrialParamsJson(best->params))}};
  } else {
    out["best"] = nullptr;
  }
  std::printf("%s\n", out.dump().c_str());
  return kExitOk;
}

int SteerStudy(const ParsedArgs& args, const std::string& action) {
  auto name = RequiredName(args, action);
  if (!name.ok()) return UsageError(name.status().message(), kStudyCommand);
  StudySettingsUpdate update;
  if (action == "set") {
    if (const auto file = args.Get("--space")) {
      std::ifstream in(*file, std::ios::binary);
      if (!in) return Fail(kExitBadInput, "cannot read " + *file);
      std::stringstream text;
      text << in.rdbuf();
      // Ordered: a conditional parameter must stay after its parent.
      nlohmann::ordered_json space = nlohmann::ordered_json::parse(text.str(), nullptr, false);
      if (space.is_object() && space.contains("space")) space = space["space"];
      if (!space.is_object()) {
        return Fail(kExitBadInput, *file + ": expected a JSON object (a space, or a spec with one)");
      }
      update.space_json = space.dump();
    }
    for (const char* key : {"sampler", "pruner"}) {
      if (const auto text = args.Get(std::string("--") + key)) {
        SortedJson j = SortedJson::parse(*text, nullptr, false);
        if (j.is_discarded()) j = *text;  // a bare type name: --sampler random
        if (j.is_string()) j = {{"type", j}};
        if (!j.is_object() || !j.contains("type") || !j["type"].is_string()) {
          return UsageError(std::string("--") + key +
                                ": expected JSON like {\"type\": \"tpe\", ...} or a type name",
                            kStudyCommand);
        }
        (std::string(key) == "sampler" ? update.sampler_json : update.pruner_json) = j.dump();
      }
    }
    if (update.space_json.empty() && update.sampler_json.empty() && update.pruner_json.empty()) {
      return UsageError("study set needs --space FILE, --sampler JSON or --pruner JSON", kStudyCommand);
    }
  }
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kExitBadInput, store.status().message());
  // The same records the desktop's attached Search view writes (engine/search/study_steering.h).
  Status written = Status::Ok();
  if (action == "set") {
    written = SetStudySettings(**store, *name, update);
  } else {
    written = SetStudyRunState(**store, *name,
                               action == "pause"  ? StudyRunState::kPaused
                               : action == "stop" ? StudyRunState::kStopped
                                                  : StudyRunState::kRunning);
  }
  if (!written.ok()) return Fail(kExitBadInput, written.message());
  std::printf("study %s: %s\n", name->c_str(),
              action == "set" ? "new settings stored; workers apply them before their next trial"
              : action == "stop"
                  ? "stop requested; workers end their running trials and exit"
                  : (action == "pause" ? "paused; no new trial starts" : "running"));
  return kExitOk;
}

int StudyImportance(const ParsedArgs& args) {
  auto store = OpenStore(args);
  if (!store.ok()) return Fail(kExitBadInput, store.status().message());
  auto loaded = LoadStudy(args, **store);
  if (!loaded.ok()) return Fail(kExitBadInput, loaded.status().message());
  const auto& [info, trials] = *loaded;
  auto spec = StoredSpec(info);
  if (!spec.ok()) return Fail(kExitBadInput, spec.status().message());
  std::vector<FrozenTrial> history;
  for (const TrialRecord& t : trials) {
    FrozenTrial f = ToFrozenTrial(t, spec->space);
    if (f.IsComplete() && spec->space.Contains(f.params)) history.push_back(std::move(f));
  }
  auto importance = FanovaImportance(spec->space, history);
  if (!importance.ok()) {
    return Fail(kExitBadInput, "study " + info.name + ": " + importance.status().message());
  }
  if (args.Has("--json")) {
    SortedJson out = SortedJson::array();
    for (const ParamImportance& p : *importance) {
      out.push_back({{"name", p.name}, {"importance", p.importance}});
    }
    std::printf("%s\n", out.dump().c_str());
    return kExitOk;
  }
  std::vector<std::vector<std::string>> rows = {{"parameter", "importance"}};
  for (const ParamImportance& p : *importance) rows.push_back({p.name, FormatFixed(p.importance, 4)});
  std::printf("fANOVA importance of %s (%zu complete trials; Hutter et al. 2014)\n%s",
              info.name.c_str(), history.size(), FormatTable(rows, {false, true}).c_str());
  return kExitOk;
}

}  // namespace optiscope::cli
