// Per-feature scores for feature selection, as scikit-learn computes them: variance (ddof 0,
// VarianceThreshold), one-way ANOVA F (f_classif), chi-squared (chi2, non-negative features), and
// mutual information between a continuous feature and a discrete target by the k-nearest-neighbour
// estimator of Ross 2014 ("Mutual information between discrete and continuous data sets", PLoS ONE),
// the variant of Kraskov et al. 2004 that mutual_info_classif uses.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/types.h"

namespace optiscope {

// Population variance of each column.
std::vector<double> VarianceScores(const Mat& X);

// F statistic of each column against class ids y (0..K-1). A constant column scores NaN (as in
// scikit-learn). InvalidArgument with fewer than 2 classes or no more rows than classes.
Result<std::vector<double>> AnovaFScores(const Mat& X, const Vec& y);

// Chi-squared statistic of each (non-negative) column against the classes: observed class sums of
// the feature vs expected class_frequency * feature total. InvalidArgument on a negative value.
Result<std::vector<double>> Chi2Scores(const Mat& X, const Vec& y);

// Mutual information (nats) of each column with the classes, n_neighbors = 3 by default. Columns are
// scaled by their std and get 1e-10-relative seeded noise to break ties (as scikit-learn does), so
// results match scikit-learn's up to that noise.
Result<std::vector<double>> MutualInfoScores(const Mat& X, const Vec& y, int n_neighbors = 3,
                                             uint64_t seed = 0);

// The digamma function psi(x) for x > 0.
double Digamma(double x);

}  // namespace optiscope
