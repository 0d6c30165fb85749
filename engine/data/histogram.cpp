#include "engine/data/histogram.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "engine/core/str_cat.h"

namespace optiscope {

int SturgesBins(int64_t n) {
  if (n <= 1) return 1;
  return 1 + static_cast<int>(std::ceil(std::log2(static_cast<double>(n))));
}

std::vector<HistogramBin> EqualWidthHistogram(std::span<const double> values, int max_bins) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  int64_t n = 0;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    ++n;
  }
  if (n == 0) return {};
  const int bins = hi > lo ? std::clamp(SturgesBins(n), 1, std::max(1, max_bins)) : 1;
  std::vector<HistogramBin> out(static_cast<size_t>(bins));
  const double width = (hi - lo) / bins;
  for (int b = 0; b < bins; ++b) {
    out[static_cast<size_t>(b)].low = lo + width * b;
    out[static_cast<size_t>(b)].high = b + 1 == bins ? hi : lo + width * (b + 1);
  }
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    int b = width > 0 ? static_cast<int>((v - lo) / width) : 0;
    b = std::clamp(b, 0, bins - 1);  // the maximum falls in the last (closed) bin
    ++out[static_cast<size_t>(b)].count;
  }
  return out;
}

std::vector<HistogramBin> CategoryBars(std::span<const int32_t> codes,
                                       const std::vector<std::string>& categories, int max_bars) {
  assert(max_bars >= 2);
  std::vector<int64_t> counts(categories.size(), 0);
  for (int32_t code : codes) {
    if (code >= 0) ++counts[static_cast<size_t>(code)];
  }
  std::vector<size_t> order;
  for (size_t c = 0; c < counts.size(); ++c) {
    if (counts[c] > 0) order.push_back(c);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return counts[x] > counts[y]; });
  const size_t limit = static_cast<size_t>(max_bars);
  const size_t shown = order.size() <= limit ? order.size() : limit - 1;
  std::vector<HistogramBin> out;
  for (size_t i = 0; i < shown; ++i) {
    HistogramBin bar;
    bar.label = categories[order[i]];
    bar.count = counts[order[i]];
    out.push_back(std::move(bar));
  }
  if (shown < order.size()) {
    HistogramBin other;
    other.label = StrCat({"other (", std::to_string(order.size() - shown), " values)"});
    for (size_t i = shown; i < order.size(); ++i) other.count += counts[order[i]];
    out.push_back(std::move(other));
  }
  return out;
}

}  // namespace optiscope
