// Plot-ready numbers derived from a study's trials: best-so-far trace, 2-objective Pareto front and
// the empirical distribution of the objective. Pure functions; the viewers only draw the results.
#pragma once

#include <span>
#include <vector>

#include "engine/search/trial.h"

namespace optiscope {

// best[i] = the best of values[0..i] under `direction`. NaN entries (trials without a value) are
// skipped: they repeat the previous best (NaN before the first finite value).
std::vector<double> BestSoFar(std::span<const double> values, Direction direction);

// A point of a two-objective study.
struct ObjectivePoint {
  double first = 0.0;
  double second = 0.0;
};

// Indices of the non-dominated points (no other point is at least as good in both objectives and
// strictly better in one, under the given directions), ordered by the first objective from best
// to worst. Duplicated points are all kept. Points with a NaN coordinate are ignored.
// O(n log n) (sort, then one sweep; Kung, Luccio & Preparata 1975, "On finding the maxima of a set
// of vectors", JACM 22(4)).
std::vector<int> ParetoFront2(std::span<const ObjectivePoint> points, Direction first,
                              Direction second);

// The empirical distribution function of the finite entries of `values`: x sorted ascending and
// y[i] = (i + 1) / n, the fraction of values <= x[i]. Empty when no value is finite.
struct EmpiricalDistribution {
  std::vector<double> x;
  std::vector<double> y;
};
EmpiricalDistribution EmpiricalCdf(std::span<const double> values);

}  // namespace optiscope
