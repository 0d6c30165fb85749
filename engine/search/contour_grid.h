// ContourGrid: the objective interpolated over two parameters of a study (the Search view's
// contour chart), a Gaussian-process posterior mean on an N x N grid of the parameters' unit space.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/search/search_space.h"
#include "engine/search/trial.h"

namespace optiscope {

struct ContourGridOptions {
  int resolution = 48;   // cells per continuous axis (a categorical axis has one per choice)
  int max_trials = 300;  // at most this many trials (evenly spaced by number) fit the GP: O(n^3)
  int objective = 0;     // which of the trials' values
  int restarts = 1;      // random restarts of the GP hyperparameter fit
  uint64_t seed = 0;     // the fit's restarts (same inputs and seed: the same grid)
};

// One axis of the grid.
struct ContourAxis {
  std::string name;
  bool log = false;
  std::vector<std::string> categories;  // categorical: the choices in index order, cell i = i
  // Continuous: resolution + 1 cell edges in the parameter's units, evenly spaced in its internal
  // space (log-spaced for log parameters; widened by half a step for integers). Empty when
  // categorical.
  std::vector<double> edges;
  int cells() const {
    return categories.empty() ? static_cast<int>(edges.size()) - 1
                              : static_cast<int>(categories.size());
  }
};

struct ContourGrid {
  ContourAxis x;
  ContourAxis y;
  std::vector<double> values;  // y.cells() rows of x.cells() predicted values (row = y cell)
  double min = 0.0;            // of `values`
  double max = 0.0;
  int n_trials = 0;  // trials the surface was fitted on
  double At(int ix, int iy) const { return values[static_cast<size_t>(iy) * x.cells() + ix]; }
};

// Fits a Gaussian process (engine/search/gaussian_process.h: Matérn-5/2, MAP hyperparameters;
// Rasmussen & Williams 2006, ch. 2) to the complete trials of `history` that have both
// parameters `x` and `y` (values in the parameters' unit space, log where log; categoricals as
// Hamming dimensions; targets standardised) and returns its posterior mean at each cell centre.
// Equal values give a flat grid. Errors: an unknown parameter, x == y, fewer than 2 usable
// complete trials, resolution outside [2, 1000].
Result<ContourGrid> ComputeContourGrid(const SearchSpace& space,
                                       std::span<const FrozenTrial> history, const std::string& x,
                                       const std::string& y,
                                       const ContourGridOptions& options = {});

}  // namespace optiscope
