// The samplers a study spec may name: every one of MakeSampler (engine/search/sampler.h) plus
// "gradient" (hypergradient steps, engine/search/gradient_sampler.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/search/sampler.h"

namespace optiscope {

// Builds the sampler `name` from a JSON object of options (text). "type" and "seed" keys are
// ignored (the study seeds each trial's Rng itself). Errors name the sampler and the option.
Result<std::unique_ptr<Sampler>> MakeStudySampler(const std::string& name,
                                                  const std::string& options_json);

// The names MakeStudySampler accepts.
std::vector<std::string> StudySamplerNames();

}  // namespace optiscope
