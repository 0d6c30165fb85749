// Sampler: the strategy that proposes the next trial's parameters from the study history.
#pragma once

#include <memory>
#include <span>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/core/rng.h"
#include "engine/core/status.h"
#include "engine/search/search_space.h"
#include "engine/search/trial.h"

namespace optiscope {

// Proposes parameter assignments. Contract:
// - Sample returns a ParamSet valid in `space` (space.Validate ok); inactive conditional
//   parameters are absent.
// - Deterministic: the same space, history and Rng state give the same answer.
// - `history` is the truth: a sampler may cache state between calls but must give a sensible
//   answer for any history (a study may switch samplers mid-way). Trials whose params are not
//   in `space` are ignored; running/failed trials only count where the algorithm says so.
// - Not thread-safe: a study calls one sampler from one thread at a time.
class Sampler {
 public:
  virtual ~Sampler() = default;
  virtual ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                          Direction direction, Rng& rng) = 0;
  // True when the sampler has nothing new to propose (grid: all points tried). Default false.
  virtual bool Exhausted(const SearchSpace& space, std::span<const FrozenTrial> history) const {
    (void)space;
    (void)history;
    return false;
  }
  // The factory name ("tpe", ...).
  virtual std::string Name() const = 0;
};

// Names MakeSampler accepts: grid random sobol tpe gp cmaes.
std::span<const char* const> SamplerNames();

// Builds a sampler from its name and a JSON object of options (keys as in the options structs
// in the sampler headers; missing keys keep defaults). Errors: unknown name (lists the names),
// unknown option key, wrong type or out-of-range value.
Result<std::unique_ptr<Sampler>> MakeSampler(const std::string& name,
                                             const nlohmann::json& options);

}  // namespace optiscope
