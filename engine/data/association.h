// Association between two columns of a table, by the columns' kinds: Pearson's r (two numbers),
// the correlation ratio (a number and a label), Cramér's V and majority agreement (two labels).
// The data inspector's "correlation with the target" and its near-copy (leakage) test.
#pragma once

#include <cstdint>
#include <span>

namespace optiscope {

// Pearson's product-moment correlation of paired values (two-pass: means, then co-moments), in
// [-1, 1]. NaN when there are fewer than 2 pairs or either side is constant.
// REQUIRES: x.size() == y.size(); no NaN in either (the caller drops incomplete pairs).
double PearsonCorrelation(std::span<const double> x, std::span<const double> y);

// The correlation ratio eta of values grouped by a label (K. Pearson, "On the general theory of
// skew correlation and non-linear regression", 1905): sqrt(between-group sum of squares / total
// sum of squares), in [0, 1]; 1 when the value is a function of the group, 0 when every group has
// the same mean. NaN when there are fewer than 2 values or they are all equal.
// REQUIRES: groups.size() == values.size(); every group in [0, num_groups); no NaN in values.
double CorrelationRatio(std::span<const int32_t> groups, int num_groups,
                        std::span<const double> values);

// Cramér's V of two label columns (H. Cramér, Mathematical Methods of Statistics, 1946, §21.9):
// sqrt(chi² / (n (min(r, c) - 1))) over the r and c levels that occur, in [0, 1]. NaN when either
// column has fewer than 2 levels present. chi² = n (sum over cells n_ab² / (n_a n_b) - 1), so only
// the cells that occur are visited.
// REQUIRES: a.size() == b.size(); a in [0, levels_a), b in [0, levels_b).
double CramersV(std::span<const int32_t> a, int levels_a, std::span<const int32_t> b,
                int levels_b);

// How well each label column predicts the other by its majority (the proportional prediction
// behind Goodman & Kruskal's lambda, "Measures of association for cross classifications", 1954).
struct MajorityAgreement {
  double a_to_b = 0.0;  // share of rows whose b is the most frequent b among rows with their a
  double b_to_a = 0.0;  // the same the other way round
};
// Both 1: the columns are a relabelling of each other (a copy); an identifier column predicts
// anything (a_to_b = 1) but is not predicted (b_to_a small). Zeros for no rows.
// REQUIRES: as CramersV.
MajorityAgreement MajorityAgreementOf(std::span<const int32_t> a, int levels_a,
                                      std::span<const int32_t> b, int levels_b);

}  // namespace optiscope
