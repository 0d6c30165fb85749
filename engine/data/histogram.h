// The distribution of one column as bars: equal-width bins of a numeric column, counts of a
// categorical column's categories. The data inspector draws them; nothing here knows how.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace optiscope {

// One bar: a numeric bin [low, high) (the last bin includes `high`), or one category.
struct HistogramBin {
  std::string label;  // categorical: the category, or "other (N values)"; numeric: empty
  double low = 0.0;   // numeric: the bin's edges, in the column's units
  double high = 0.0;
  int64_t count = 0;
};

// Sturges' number of bins for n values: 1 + ceil(log2 n) (H. A. Sturges, "The choice of a class
// interval", J. Amer. Statist. Assoc. 21, 1926), at least 1.
int SturgesBins(int64_t n);

// Equal-width bins over [min, max] of the non-NaN values, SturgesBins(count) of them capped at
// `max_bins` (>= 1); one bin when every value is equal; none when there is no value. Infinite
// values are not expected (the CSV reader reads "inf" as missing) and are skipped like NaN.
std::vector<HistogramBin> EqualWidthHistogram(std::span<const double> values, int max_bins);

// The count of each category that occurs (codes index `categories`; -1 = missing, not counted),
// most frequent first (ties in category order); past `max_bars` - 1 bars the rest are summed into
// one "other (N values)" bar. REQUIRES: max_bars >= 2; codes in [-1, categories.size()).
std::vector<HistogramBin> CategoryBars(std::span<const int32_t> codes,
                                       const std::vector<std::string>& categories, int max_bars);

}  // namespace optiscope
