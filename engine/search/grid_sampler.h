// GridSampler: every combination of a per-parameter grid, each tried once, then cycling.
#pragma once

#include <vector>

#include "engine/search/sampler.h"

namespace optiscope {

struct GridOptions {
  // Points per continuous float (evenly spaced, log-spaced on log scale, endpoints included);
  // ints and stepped floats use all their values when there are at most this many, else this
  // many evenly spread values. Categoricals use every choice.
  int resolution = 5;
  // Visit the grid in a fixed pseudo-random order (as Optuna's GridSampler) instead of the
  // lexicographic one, so that a partial run covers every parameter.
  bool shuffle = true;
};

// Grid search. Conditional parameters are expanded only under the parent values that activate
// them, so every grid point is a distinct valid assignment. Sample returns the first grid point
// (in visiting order) not present among the history's trials of this space (any state, running
// included); once all are used, Exhausted() is true and Sample cycles through the grid again.
class GridSampler : public Sampler {
 public:
  explicit GridSampler(const GridOptions& options = {}) : options_(options) {}
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  bool Exhausted(const SearchSpace& space, std::span<const FrozenTrial> history) const override;
  std::string Name() const override { return "grid"; }
  bool ModelsAllObjectives() const override { return true; }  // ignores the values

  // All grid points of `space` in lexicographic order (first parameter slowest).
  std::vector<ParamSet> Grid(const SearchSpace& space) const;
  // The values one parameter takes on the grid.
  std::vector<double> Values(const ParamSpec& spec) const;

 private:
  GridOptions options_;
};

}  // namespace optiscope
