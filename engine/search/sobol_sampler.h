// SobolSampler: quasi-random points of the Sobol sequence mapped onto the search space.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/search/sampler.h"

namespace optiscope {

struct SobolOptions {
  bool scramble = false;  // random digital shift (XOR) of every coordinate, from `seed`
  uint64_t seed = 0;
  bool skip_first = true;  // skip the all-zero first point when not scrambled
};

// The Sobol low-discrepancy sequence (Sobol 1967; direction numbers of Joe & Kuo 2008,
// "Constructing Sobol sequences with better two-dimensional projections", SIAM J. Sci. Comput.
// 30, file new-joe-kuo-6.21201), up to kMaxDims dimensions; point k is computed directly from
// the Gray code of k. Trial i of the space (counting the history's trials in this space) gets
// point i (+1 with skip_first); coordinate j goes to parameter j of the space (inactive
// conditional parameters drop theirs). Beyond kMaxDims parameters the remaining coordinates
// are uniform random.
class SobolSampler : public Sampler {
 public:
  static constexpr int kMaxDims = 21;
  explicit SobolSampler(const SobolOptions& options = {}) : options_(options) {}
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  std::string Name() const override { return "sobol"; }
  bool ModelsAllObjectives() const override { return true; }  // ignores the values

  // Point `index` of the unscrambled sequence in `dims` <= kMaxDims dimensions, in [0, 1).
  static std::vector<double> Point(uint64_t index, int dims);

 private:
  SobolOptions options_;
};

}  // namespace optiscope
