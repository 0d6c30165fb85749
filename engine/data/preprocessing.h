// Preprocessing fitted on training rows only: imputation of missing values, then scaling.
#pragma once

#include <string>

#include "engine/config/config_enums.h"
#include "engine/core/status.h"
#include "engine/core/types.h"

namespace optiscope {

enum class Imputation { kMean, kMedian, kMostFrequent };

// The imputation of a configuration's data.missing (drop: the incomplete rows are gone when the
// dataset is loaded, nothing is left to impute; mean then).
Imputation ImputationOf(MissingPolicy missing);
// Parses "mean" | "median" | "most_frequent".
Result<Imputation> ParseImputation(const std::string& name);
// Parses a name of Scaling's table (config_enums.h: "none" | "standardize" | "minmax").
Result<Scaling> ParseScaling(const std::string& name);

// Learns per-column statistics on training data and applies them to any data (no leakage: call
// Fit on the training rows only). Standardize uses the population std (ddof 0); a constant column
// gets scale 1. Min-max maps the training range to [0, 1].
class Preprocessor {
 public:
  Preprocessor() = default;
  Preprocessor(Imputation imputation, Scaling scaling) : imputation_(imputation), scaling_(scaling) {}

  // REQUIRES: X has at least one row. A column that is entirely missing imputes to 0.
  void Fit(const Mat& X);
  // Replaces NaN by the fitted fill value, then scales. REQUIRES: Fit was called, same columns.
  void Transform(Mat* X) const;

  const Vec& fill() const { return fill_; }
  const Vec& offset() const { return offset_; }  // x' = (x - offset) / scale
  const Vec& scale() const { return scale_; }
  // Restores fitted statistics (as a saved model stores them). REQUIRES: equal sizes, scale != 0.
  void Restore(Vec fill, Vec offset, Vec scale) {
    fill_ = std::move(fill);
    offset_ = std::move(offset);
    scale_ = std::move(scale);
  }

 private:
  Imputation imputation_ = Imputation::kMean;
  Scaling scaling_ = Scaling::kStandardize;
  Vec fill_, offset_, scale_;
};

}  // namespace optiscope
