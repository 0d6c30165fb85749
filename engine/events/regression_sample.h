// RegressionSample: the test rows of a regression run as its diagnostic plots need them (actual
// target, prediction, residual), carried by RunFinished. A plain value; computed in
// engine/train/residuals.h.
#pragma once

#include <cstdint>
#include <vector>

namespace optiscope {

// Parallel columns, one entry per sampled test row, in the target's units. Empty for a
// classification run or a run that did not finish with test rows.
struct RegressionSample {
  std::vector<double> actual;     // the target
  std::vector<double> predicted;  // the model's prediction
  std::vector<double> residual;   // actual - predicted
  int64_t total_rows = 0;         // test rows in all; more than actual.size() when sampled
};

}  // namespace optiscope
