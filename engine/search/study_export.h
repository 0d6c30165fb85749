// Exporting a study: all trials as CSV, the best trial as an experiment configuration that
// `optiscope-cli train --config` reproduces, parameters as JSON.
#pragma once

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

// {"lr":0.01,"opt":"adam"} (labels for categorical parameters).
std::string TrialParamsJson(const std::vector<TrialParam>& params);

}  // namespace optiscope
