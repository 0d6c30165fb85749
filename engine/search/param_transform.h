// How samplers see parameters: internal (log-space) values, the unit cube, uniform draws, and
// the history filtered to trials that belong to the current space.
#pragma once

#include <span>
#include <vector>

#include "engine/core/rng.h"
#include "engine/search/search_space.h"
#include "engine/search/trial.h"

namespace optiscope {

// A uniform draw of one parameter (log-uniform for log scale; uniform over the step grid;
// log ints drawn in [log(low-0.5), log(high+0.5)] then rounded, as Optuna's RandomSampler).
double RandomValue(const ParamSpec& spec, Rng& rng);

// The numeric range a density model uses for a non-categorical parameter: log space for log
// parameters, widened by +-step/2 for discrete ones (Optuna's Parzen bounds). q = step or 0.
struct InternalRange {
  double low = 0.0, high = 1.0, q = 0.0;
};
InternalRange InternalBounds(const ParamSpec& spec);
// Value -> internal coordinate (log for log parameters) and back (rounded to the step/integer
// grid and clipped to [low, high]).
double ToInternal(const ParamSpec& spec, double value);
double FromInternal(const ParamSpec& spec, double internal);
// Value <-> [0, 1] over InternalBounds (categoricals: index / (k-1), or 0.5 for one choice).
double ToUnit(const ParamSpec& spec, double value);
double FromUnit(const ParamSpec& spec, double unit);

// Trials of `history` whose params are valid in `space` (others are ignored by samplers).
std::vector<const FrozenTrial*> TrialsInSpace(const SearchSpace& space,
                                              std::span<const FrozenTrial> history);

// Samples every active parameter of `space` uniformly at random, in order.
ParamSet RandomParams(const SearchSpace& space, Rng& rng);

}  // namespace optiscope
