// Residuals of a regression model on its test rows, sampled for plotting: what the Train view's
// predicted-vs-actual and residual plots draw (the UI only maps them to points).
#pragma once

#include <cstddef>
#include <span>

#include "engine/events/regression_sample.h"

namespace optiscope {

// At most this many test rows are plotted: a scatter of more says nothing more and costs the GUI.
inline constexpr size_t kMaxPlottedTestRows = 2000;

// The rows' actual values, predictions and residuals (actual - predicted). With more than
// `max_rows` rows (>= 1), an evenly spaced subset of them (rows floor(i * n / max_rows), in order),
// which is a fair sample since the test split is shuffled; deterministic. Rows where either value
// is not finite are left out; total_rows counts every row given.
// REQUIRES: actual.size() == predicted.size().
RegressionSample SampleResiduals(std::span<const double> actual, std::span<const double> predicted,
                                 size_t max_rows = kMaxPlottedTestRows);

}  // namespace optiscope
