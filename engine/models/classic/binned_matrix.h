// BinnedMatrix: the features of a training set coded as small bin indices (at most 256 per
// feature), so that CART split search is a histogram scan instead of a sort at every node.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/core/types.h"

namespace optiscope {

// Column-major bin codes of a training matrix. A feature with at most kMaxBins distinct values
// gets one bin per value, so the histogram split search is exactly the exhaustive CART search
// (thresholds are midpoints between neighbouring values present in the node, as scikit-learn's);
// a feature with more values is cut at quantiles of its distinct values (as LightGBM and
// scikit-learn's HistGradientBoosting do). Immutable after Build; safe to share across threads.
class BinnedMatrix {
 public:
  static constexpr int kMaxBins = 256;

  // REQUIRES: X finite, at least one row.
  void Build(const Mat& X);

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  // Codes of feature f for all rows, each in [0, NumBins(f)).
  const uint8_t* Column(int f) const { return codes_.data() + static_cast<size_t>(f) * rows_; }
  int NumBins(int f) const { return static_cast<int>(bin_low_[f].size()); }
  // Smallest and largest training value in bin b of feature f.
  float BinLow(int f, int b) const { return bin_low_[f][b]; }
  float BinHigh(int f, int b) const { return bin_high_[f][b]; }

 private:
  int rows_ = 0, cols_ = 0;
  std::vector<uint8_t> codes_;
  std::vector<std::vector<float>> bin_low_, bin_high_;
};

}  // namespace optiscope
