// Multi-objective helpers the samplers share: loss vectors, non-domination ranks, crowding
// distance, hypervolume and greedy hypervolume subset selection.
#pragma once

#include <span>
#include <vector>

#include "engine/search/trial.h"

namespace optiscope::mo {

// A trial's values as losses (maximized objectives negated). REQUIRES: values.size() ==
// directions.size().
std::vector<double> Losses(const std::vector<double>& values, std::span<const Direction> directions);

// True when loss vector `a` dominates `b` (no worse everywhere, strictly better somewhere).
bool DominatesLoss(const std::vector<double>& a, const std::vector<double>& b);

// Non-domination rank of each loss vector (0 = the Pareto front), as Optuna's
// _calculate_nondomination_rank (Deb et al. 2002, fast non-dominated sort).
std::vector<int> NonDominationRanks(const std::vector<std::vector<double>>& losses);

// Crowding distance of each point of one front (Deb et al. 2002, as Optuna's
// _calc_crowding_distance: per objective the gap between the two neighbours over the finite
// range; the extremes get +inf; an objective where all values are equal adds nothing).
std::vector<double> CrowdingDistance(const std::vector<std::vector<double>>& losses);

// Hypervolume dominated by `points` (losses) and bounded by `reference` (every coordinate of a
// counted point < reference; others contribute nothing). Exact: a sweep in 2-D, recursive
// slicing (Hypervolume by Slicing Objectives, While et al. 2006) above. Fine for the tens of
// points samplers use.
double Hypervolume(const std::vector<std::vector<double>>& points, const std::vector<double>& reference);

// Optuna's reference point for a set of losses: per objective max(1.1 w, 0.9 w) of the worst
// value w, with 0 replaced by 1e-12.
std::vector<double> ReferencePoint(const std::vector<std::vector<double>>& points);

// Greedy hypervolume subset selection (Guerreiro, Fonseca & Paquete 2016, "Greedy Hypervolume
// Subset Selection in Low Dimensions"; Optuna's _solve_hssp): picks `k` of `points` maximizing
// the hypervolume one at a time. Returns indices into `points` in selection order.
std::vector<int> GreedyHssp(const std::vector<std::vector<double>>& points, int k,
                            const std::vector<double>& reference);

}  // namespace optiscope::mo
