// FeatureSelector: keeps a subset of the columns, chosen on training rows by one of
// variance threshold, SelectKBest (ANOVA F, chi-squared, mutual information; scikit-learn's
// scores), recursive feature elimination (Guyon et al. 2002) with a ridge linear model's |coef| or
// a decision tree's impurity importances, or L1-based selection (Tibshirani 1996: lasso by cyclic
// coordinate descent, Friedman et al. 2010; features with a non-zero coefficient are kept).
#pragma once

#include <string>
#include <vector>

#include "engine/config/config_enums.h"
#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/data/dataset.h"

namespace optiscope {

struct SelectorOptions {
  SelectMethod method = SelectMethod::kNone;  // none | variance | kbest | rfe | l1
  SelectScore score = SelectScore::kAnova;    // kbest: anova | chi2 | mutual_info
  int k = 10;                   // kbest, rfe: features kept (capped at the column count)
  double threshold = 0.0;       // variance: keep columns whose variance is > threshold
  RfeEstimator estimator = RfeEstimator::kLinear;  // rfe: linear | tree
  double alpha = 0.01;               // l1: penalty of the lasso (on standardized columns)
  uint64_t seed = 0;                 // mutual_info noise, tree tie-breaking
};

class FeatureSelector {
 public:
  FeatureSelector() = default;
  explicit FeatureSelector(SelectorOptions options) : options_(std::move(options)) {}

  // Scores the columns of the training rows X against y and picks the kept ones. Errors name the
  // cause (chi2 on negative values, unknown method, classification-only score on regression, ...).
  Status Fit(const Mat& X, const Vec& y, TaskKind task);
  // The kept columns of X, in increasing column order.
  Mat Transform(const Mat& X) const;

  // One score per input column (higher = more useful; variance: the variance; rfe: the number of
  // elimination rounds the feature survived + its final importance share; NaN where undefined).
  const std::vector<double>& scores() const { return scores_; }
  const std::vector<int>& selected() const { return selected_; }
  const SelectorOptions& options() const { return options_; }

 private:
  friend class FeaturePipelineIo;  // feature_pipeline_io.cpp: saved with model files
  SelectorOptions options_;
  std::vector<double> scores_;
  std::vector<int> selected_;
  int num_inputs_ = 0;
};

// Column indices sorted by decreasing score (NaN last), ties by index.
std::vector<int> RankByScore(const std::vector<double>& scores);

}  // namespace optiscope
