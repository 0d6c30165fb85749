#include "engine/data/preprocessing.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace optiscope {

Imputation ImputationOf(MissingPolicy missing) {
  switch (missing) {
    case MissingPolicy::kMean:
    case MissingPolicy::kDrop:
      return Imputation::kMean;
    case MissingPolicy::kMedian:
      return Imputation::kMedian;
    case MissingPolicy::kMostFrequent:
      return Imputation::kMostFrequent;
  }
  return Imputation::kMean;
}

Result<Imputation> ParseImputation(const std::string& name) {
  if (name == "mean") return Imputation::kMean;
  if (name == "median") return Imputation::kMedian;
  if (name == "most_frequent") return Imputation::kMostFrequent;
  return Status::InvalidArgument("unknown imputation '" + name +
                                 "' (expected mean, median or most_frequent)");
}

Result<Scaling> ParseScaling(const std::string& name) {
  return ParseEnum<Scaling>(name, "scaling");
}

namespace {

// Fill value of one column from its present (non-NaN) values; 0 when there are none.
double FillValue(std::vector<double>& present, Imputation imputation) {
  if (present.empty()) return 0.0;
  switch (imputation) {
    case Imputation::kMean: {
      double sum = 0.0;
      for (double v : present) sum += v;
      return sum / static_cast<double>(present.size());
    }
    case Imputation::kMedian: {  // numpy.median: mean of the two middle values when even
      const size_t n = present.size();
      std::sort(present.begin(), present.end());
      return n % 2 == 1 ? present[n / 2] : 0.5 * (present[n / 2 - 1] + present[n / 2]);
    }
    case Imputation::kMostFrequent: {  // ties: the smallest value (as scikit-learn)
      std::map<double, int64_t> counts;
      for (double v : present) ++counts[v];
      double best = 0.0;
      int64_t best_count = -1;
      for (const auto& [value, count] : counts) {
        if (count > best_count) {
          best = value;
          best_count = count;
        }
      }
      return best;
    }
  }
  return 0.0;
}

}  // namespace

void Preprocessor::Fit(const Mat& X) {
  const Eigen::Index rows = X.rows(), cols = X.cols();
  fill_.resize(cols);
  offset_.resize(cols);
  scale_.resize(cols);
  std::vector<double> present;
  present.reserve(rows);
  for (Eigen::Index c = 0; c < cols; ++c) {
    present.clear();
    for (Eigen::Index r = 0; r < rows; ++r) {
      const Scalar v = X(r, c);
      if (!std::isnan(v)) present.push_back(v);
    }
    const size_t missing = static_cast<size_t>(rows) - present.size();
    const double fill = static_cast<double>(static_cast<Scalar>(FillValue(present, imputation_)));
    fill_(c) = static_cast<Scalar>(fill);
    // Scaling statistics of the imputed column (imputation happens before scaling).
    double offset = 0.0, scale = 1.0;
    if (scaling_ == Scaling::kStandardize) {
      double sum = 0.0;
      for (double v : present) sum += v;
      sum += fill * static_cast<double>(missing);
      const double mean = sum / static_cast<double>(rows);
      double sq = 0.0;
      for (double v : present) sq += (v - mean) * (v - mean);
      sq += (fill - mean) * (fill - mean) * static_cast<double>(missing);
      const double std = std::sqrt(sq / static_cast<double>(rows));
      offset = mean;
      scale = std > 0.0 ? std : 1.0;
    } else if (scaling_ == Scaling::kMinMax) {
      double lo = missing > 0 ? fill : HUGE_VAL, hi = missing > 0 ? fill : -HUGE_VAL;
      for (double v : present) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      offset = lo;
      scale = hi > lo ? hi - lo : 1.0;
    }
    offset_(c) = static_cast<Scalar>(offset);
    scale_(c) = static_cast<Scalar>(scale);
  }
}

void Preprocessor::Transform(Mat* X) const {
  const Eigen::Index rows = X->rows(), cols = X->cols();
  for (Eigen::Index r = 0; r < rows; ++r) {
    Scalar* row = X->row(r).data();
    for (Eigen::Index c = 0; c < cols; ++c) {
      const Scalar v = std::isnan(row[c]) ? fill_(c) : row[c];
      row[c] = (v - offset_(c)) / scale_(c);
    }
  }
}

}  // namespace optiscope
