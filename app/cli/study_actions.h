// The "study" actions shared by study_command.cpp and study_workers.cpp: running a parsed spec,
// opening the store, loading a stored study, and the actions for studies run by several processes
// (worker, show --json, pause/resume/stop/set, importance).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "app/cli/cli_args.h"
#include "engine/search/storage.h"
#include "engine/search/study_spec.h"

namespace optiscope::cli {

// The command name its usage errors name.
inline constexpr const char* kStudyCommand = "study";

// The store of --storage (default: the per-user SQLite file).
Result<std::unique_ptr<StudyStore>> OpenStore(const ParsedArgs& args);
// The study of --name (or the only one stored) and its trials.
Result<std::pair<StudyInfo, std::vector<TrialRecord>>> LoadStudy(const ParsedArgs& args,
                                                                 StudyStore& store);
// The spec stored with a study (errors name it "stored spec of NAME").
Result<StudySpec> StoredSpec(const StudyInfo& info);
// Runs `spec` in `store` with the run options of `args` (--n-jobs, --n-trials, --retry-failed,
// --json, --allow-changed-spec); prints the resume line, progress and the summary. Exit status.
int RunStudySpec(StudySpec spec, const ParsedArgs& args, StudyStore& store);

// "resuming study X: 19 of 40 trials done" (plus running/waiting counts of other workers) when
// the store already holds trials of spec.name; "" otherwise.
std::string ResumeLine(StudyStore& store, const StudySpec& spec);

// study worker --storage URL --name NAME [--n-jobs N]: joins a stored study; the spec comes
// from the store.
int StudyWorker(const ParsedArgs& args);
// study show --json: counts per state and per worker, steering state, best trial.
int ShowStudyJson(const ParsedArgs& args);
// study pause|resume|stop|set: writes steering records every worker obeys between trials.
int SteerStudy(const ParsedArgs& args, const std::string& action);
// study importance: fANOVA importances of the stored study's parameters.
int StudyImportance(const ParsedArgs& args);

}  // namespace optiscope::cli
