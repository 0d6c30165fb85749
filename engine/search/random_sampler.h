// RandomSampler: independent uniform draws of every active parameter.
#pragma once

#include "engine/search/sampler.h"

namespace optiscope {

// Random search (Bergstra & Bengio 2012, "Random Search for Hyper-Parameter Optimization",
// JMLR 13): each active parameter drawn uniformly (log-uniformly on log scale). No options.
class RandomSampler : public Sampler {
 public:
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  std::string Name() const override { return "random"; }
  bool ModelsAllObjectives() const override { return true; }  // ignores the values
};

}  // namespace optiscope
