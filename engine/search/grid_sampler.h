// GridSampler: every combination of a per-parameter grid, each tried once, then cycling.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/core/status.h"

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
// The most points a grid may have: each is a stored parameter set, and a bigger grid could never
// be run through anyway.
inline constexpr int64_t kMaxGridPoints = 100000;

class GridSampler : public Sampler {
 public:
  explicit GridSampler(const GridOptions& options = {}) : options_(options) {}
  ParamSet Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                  Direction direction, Rng& rng) override;
  bool Exhausted(const SearchSpace& space, std::span<const FrozenTrial> history) const override;
  std::string Name() const override { return "grid"; }
  bool ModelsAllObjectives() const override { return true; }  // ignores the values

  // All grid points of `space` in lexicographic order (first parameter slowest).
  // REQUIRES: CheckSize(space) ok.
  std::vector<ParamSet> Grid(const SearchSpace& space) const;
  // InvalidArgument when `space` has more than kMaxGridPoints grid points ("the grid has more
  // than 100000 points (12 parameters); lower the resolution or use another sampler"). Counts
  // without building the grid.
  Status CheckSize(const SearchSpace& space) const;
  // The values one parameter takes on the grid.
  std::vector<double> Values(const ParamSpec& spec) const;

  // The grid of `space` with its visiting order and an exact index, built once per space:
  // Sample and Exhausted run on every trial. Thread-safe.
  struct Built {
    std::vector<ParamSet> grid;
    std::vector<int> order;
    // Grid points by value (references into `grid`, which never changes once built).
    std::map<std::reference_wrapper<const ParamSet>, int, std::less<ParamSet>> index;
  };

 private:
  std::shared_ptr<const Built> BuiltFor(const SearchSpace& space) const;

  GridOptions options_;
  mutable std::mutex mu_;
  mutable std::string built_key_;
  mutable std::shared_ptr<const Built> built_;
};

}  // namespace optiscope
