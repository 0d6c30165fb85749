// The samplers a study spec may name: every one of MakeSampler (engine/search/sampler.h) plus
// "gradient" (hypergradient steps, engine/search/gradient_sampler.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/search/gradient_sampler.h"
#include "engine/search/sampler.h"

namespace optiscope {

// Builds the sampler `name` from a JSON object of options (text). "type" and "seed" keys are
// ignored (the study seeds each trial's Rng itself). Errors name the sampler and the option.
// "gradient" reads hypergradients from `log` (an empty log when null) and takes its option keys
// lr_param, l2_param, step, min_step from the JSON, else from `gradient_defaults`.
Result<std::unique_ptr<Sampler>> MakeStudySampler(
    const std::string& name, const std::string& options_json,
    std::shared_ptr<const HypergradientLog> log = nullptr,
    const GradientSamplerOptions& gradient_defaults = {});

}  // namespace optiscope
