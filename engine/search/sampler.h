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
  // Multi-objective studies call this with one direction per objective (values[i] of a
  // complete trial goes with directions[i]). Default: Sample on the first objective alone;
  // samplers that model every objective (tpe as MOTPE, nsga2) override it and report
  // ModelsAllObjectives() true; random, grid and sobol ignore the values so they are fine too.
  // REQUIRES: !directions.empty().
  virtual ParamSet SampleMulti(const SearchSpace& space, std::span<const FrozenTrial> history,
                               std::span<const Direction> directions, Rng& rng) {
    return Sample(space, history, directions.front(), rng);
  }
  // True when SampleMulti uses every objective (or no objective at all), false when a
  // multi-objective study with this sampler optimises only the first value.
  virtual bool ModelsAllObjectives() const { return false; }
  // True when the sampler has nothing new to propose (grid: all points tried). Default false.
  virtual bool Exhausted(const SearchSpace& space, std::span<const FrozenTrial> history) const {
    (void)space;
    (void)history;
    return false;
  }
  // The factory name ("tpe", ...).
  virtual std::string Name() const = 0;
};

// Names MakeSampler accepts: grid random sobol tpe gp cmaes nsga2 auto (auto: the default).
std::span<const char* const> SamplerNames();

// Builds a sampler from its name and a JSON object of options (keys as in the options structs
// in the sampler headers; missing keys keep defaults). Errors: unknown name (lists the names),
// unknown option key, wrong type or out-of-range value.
Result<std::unique_ptr<Sampler>> MakeSampler(const std::string& name,
                                             const nlohmann::json& options);

}  // namespace optiscope
