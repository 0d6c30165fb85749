#include "engine/models/classic/binned_matrix.h"

#include <algorithm>
#include <numeric>

namespace optiscope {

void BinnedMatrix::Build(const Mat& X) {
  rows_ = static_cast<int>(X.rows());
  cols_ = static_cast<int>(X.cols());
  codes_.assign(static_cast<size_t>(rows_) * cols_, 0);
  bin_low_.assign(cols_, {});
  bin_high_.assign(cols_, {});
  std::vector<float> values(rows_);
  std::vector<float> distinct;
  std::vector<int> counts;
  for (int f = 0; f < cols_; ++f) {
    for (int r = 0; r < rows_; ++r) values[r] = X(r, f);
    std::vector<float> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    distinct.clear();
    counts.clear();
    for (float v : sorted) {
      if (distinct.empty() || v != distinct.back()) {
        distinct.push_back(v);
        counts.push_back(0);
      }
      ++counts.back();
    }
    const int m = static_cast<int>(distinct.size());
    // first_value[b]: index into `distinct` of the first value of bin b.
    std::vector<int> first_value;
    if (m <= kMaxBins) {
      first_value.resize(m);
      std::iota(first_value.begin(), first_value.end(), 0);
    } else {
      // Cut where the cumulative count crosses multiples of rows/kMaxBins, so bins hold roughly
      // equal numbers of rows; a cut is always between two distinct values.
      first_value.push_back(0);
      long long cumulative = 0;
      for (int i = 0; i < m - 1; ++i) {
        cumulative += counts[i];
        const long long target = static_cast<long long>(first_value.size()) * rows_ / kMaxBins;
        if (cumulative >= target && static_cast<int>(first_value.size()) < kMaxBins) {
          first_value.push_back(i + 1);
        }
      }
    }
    const int bins = static_cast<int>(first_value.size());
    auto& low = bin_low_[f];
    auto& high = bin_high_[f];
    low.resize(bins);
    high.resize(bins);
    for (int b = 0; b < bins; ++b) {
      const int end = b + 1 < bins ? first_value[b + 1] : m;
      low[b] = distinct[first_value[b]];
      high[b] = distinct[end - 1];
    }
    uint8_t* column = codes_.data() + static_cast<size_t>(f) * rows_;
    for (int r = 0; r < rows_; ++r) {
      // The bin whose low is the last one <= value.
      const auto it = std::upper_bound(low.begin(), low.end(), values[r]);
      column[r] = static_cast<uint8_t>((it - low.begin()) - 1);
    }
  }
}

}  // namespace optiscope
