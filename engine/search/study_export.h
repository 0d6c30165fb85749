// Exporting a study: all trials as CSV, the best trial as an experiment configuration that
// `optiscope-cli train --config` reproduces, parameters as JSON.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/search/study_spec.h"
#include "engine/search/study_trial.h"

namespace optiscope {

// CSV with a header: number,state,value (or value_0,value_1,...),<every parameter name in order of
// first appearance>,seconds,origin,reason. Missing (inactive) parameters and undefined values are
// empty cells; categorical parameters are written as their labels; text is quoted when needed.
std::string TrialsCsv(const std::vector<TrialRecord>& trials, int num_values);

// The experiment configuration of a trial: the spec's base configuration with the trial's
// parameters bound (ApplyBindings). InvalidArgument unless the spec's objective is an experiment.
Result<ExperimentConfig> TrialConfig(const StudySpec& spec, const TrialRecord& trial);

// The trial a model export uses: `number` when >= 0 (it must be complete), else the best
// complete trial by the first objective (ties: the earliest). NotFound / InvalidArgument.
Result<const TrialRecord*> ExportTrial(const std::vector<TrialRecord>& trials,
                                       const std::vector<Direction>& directions, int number);

// Rebuilds `trial`'s compressed model (the spec's compress objective: the same base model and
// settings, so the same figures) and writes it to `path` as a .optq file. Returns the metrics
// of the rebuilt model. InvalidArgument unless the objective is "compress".
Result<CompressionMetrics> ExportCompressedModel(const StudySpec& spec, const TrialRecord& trial,
                                                 const std::string& path,
                                                 std::stop_token stop = {});

// {"lr":0.01,"opt":"adam"} (labels for categorical parameters).
std::string TrialParamsJson(const std::vector<TrialParam>& params);

}  // namespace optiscope
