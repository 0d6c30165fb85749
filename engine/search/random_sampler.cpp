#include "engine/search/random_sampler.h"

#include "engine/search/param_transform.h"

namespace optiscope {

ParamSet RandomSampler::Sample(const SearchSpace& space, std::span<const FrozenTrial>, Direction,
                               Rng& rng) {
  return RandomParams(space, rng);
}

}  // namespace optiscope
