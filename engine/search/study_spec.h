// StudySpec: a study as the user writes it (JSON, docs/study.md): name, sampler, pruner, budget,
// search space and objective. Parse errors say "file:line:column: json.path: why".
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/search/objective.h"
#include "engine/search/objective_compress.h"
#include "engine/search/objective_experiment.h"
#include "engine/search/search_space.h"
#include "engine/search/study_trial.h"

namespace optiscope {

// The longest timeout a spec may give (about 3 years): a deadline now + timeout must not
// overflow the clock into the past.
inline constexpr double kMaxTimeoutSeconds = 1e8;

enum class ObjectiveKind { kExperiment, kFunction, kCommand, kCompress };

struct StudySpec {
  std::string name = "study";
  std::string sampler = "auto";             // auto grid random sobol tpe gp cmaes nsga2 gradient
  std::string sampler_options_json = "{}";  // the sampler object without "type" and "seed"
  uint64_t seed = 0;                        // sampler seed (sampler.seed)
  std::string pruner = "none";              // none median percentile successive_halving hyperband
  std::string pruner_options_json = "{}";   // the pruner object without "type"
  int n_trials = 100;         // budget: trials in the study (0 = no limit; then timeout_s)
  double timeout_s = 0.0;     // budget: wall time of this run; 0 = none
  double trial_timeout_s = 0.0;  // > 0: a trial running longer fails with reason "timeout"
  int n_jobs = 1;             // trials in parallel
  // A trial whose process died (no heartbeat for heartbeat_grace_s seconds, or its process is
  // gone from this host) is failed and re-queued with the same parameters up to retry_failed
  // times (docs/study.md, "Studies on several processes").
  int retry_failed = 0;
  double heartbeat_grace_s = 60.0;
  SearchSpace space;
  std::vector<Direction> directions = {Direction::kMinimize};

  ObjectiveKind objective_kind = ObjectiveKind::kFunction;
  std::string function = "branin";  // kFunction: a test function name
  int function_dims = 2;            //   and its dimension (N-D functions)
  double function_sleep_s = 0.0;    //   and a wait per evaluation (an expensive objective)
  std::vector<std::string> command;  // kCommand: argv with "{name}" placeholders
  std::string command_dir;           //   run in this directory (the spec file's; "" = current)
  ExperimentObjectiveOptions experiment;  // kExperiment: base config, bindings, metrics, cv
  CompressObjectiveOptions compress;      // kCompress: the model (file or config), metrics

  std::string text;  // the JSON the spec was parsed from (stored with the study)
};

// Parses a study spec. `source_name` prefixes messages; `base_dir` resolves a relative
// "objective.config_file". Errors: syntax ("file:line:column: why"), and every semantic error as
// "file:line:column: path: why" (unknown key with a "did you mean", wrong type, bad range, unknown
// sampler/pruner/function/metric, a binding to a field the configuration does not have, a command
// placeholder that names no parameter, ...).
Result<StudySpec> ParseStudySpec(const std::string& json_text,
                                 const std::string& source_name = "<spec>",
                                 const std::string& base_dir = "");
// Reads a file and parses it (relative config files are resolved from the file's directory).
Result<StudySpec> LoadStudySpec(const std::string& path);

// The objective the spec describes. `standalone`: run where no Study enforces
// spec.trial_timeout_s (study reevaluate); a command objective then enforces it itself. Inside a
// Study the Study's deadline stops the trial and records "timeout: ...".
Result<std::unique_ptr<StudyObjective>> MakeStudyObjective(const StudySpec& spec,
                                                           bool standalone = false);

}  // namespace optiscope
