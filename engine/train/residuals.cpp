#include "engine/train/residuals.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace optiscope {

RegressionSample SampleResiduals(std::span<const double> actual, std::span<const double> predicted,
                                 size_t max_rows) {
  assert(actual.size() == predicted.size());
  RegressionSample sample;
  const size_t n = actual.size();
  sample.total_rows = static_cast<int64_t>(n);
  const size_t take = std::min(n, std::max<size_t>(1, max_rows));
  sample.actual.reserve(take);
  sample.predicted.reserve(take);
  sample.residual.reserve(take);
  for (size_t i = 0; i < take; ++i) {
    const size_t row = take == n ? i : i * n / take;
    const double a = actual[row];
    const double p = predicted[row];
    if (!std::isfinite(a) || !std::isfinite(p)) continue;
    sample.actual.push_back(a);
    sample.predicted.push_back(p);
    sample.residual.push_back(a - p);
  }
  return sample;
}

}  // namespace optiscope
