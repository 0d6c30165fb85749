// Constant liar: how a study shows trials still running (in this process or any other worker) to
// a model-based sampler, so parallel workers spread out instead of proposing the same point.
// Ginsbourger, Le Riche & Carraro 2010, "Kriging is well-suited to parallelize optimization"
// (the CL strategy); Optuna's TPESampler(constant_liar=True) gives running trials the worst value.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "engine/search/trial.h"

namespace optiscope {

// True for the samplers that model the objective and take lies: "tpe", "gp", "auto".
bool SamplerTakesLies(const std::string& sampler_name);

// `history` with every running or waiting trial that has parameters turned into a complete trial
// whose values are the worst complete value of each objective (the "CL-max" lie for minimization:
// the model then sees the pending point as already tried and bad). When no trial is complete or
// none is pending, returns `history` unchanged. Intermediate values of pending trials are kept.
std::vector<FrozenTrial> WithConstantLiar(std::span<const FrozenTrial> history,
                                          std::span<const Direction> directions);

// True when `history` holds a running or waiting trial with parameters.
bool HasPendingTrials(std::span<const FrozenTrial> history);

}  // namespace optiscope
