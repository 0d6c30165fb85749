// FeaturesConfig: the feature pipeline of an experiment, run after imputation and scaling
// (data.missing, data.scaling) and before the model: extract -> select -> reduce. Every field is
// addressable by its JSON path (features.extract.degree, features.select.k,
// features.pca.n_components, ...) so a study can search it; docs/features.md lists them.
#pragma once

#include <cstdint>
#include <string>

#include "engine/config/config_enums.h"
#include "engine/core/status.h"

namespace optiscope {

struct FeaturesExtractConfig {
  ExtractMethod method = ExtractMethod::kNone;  // none | polynomial | log1p | sqrt |
                                                // yeo_johnson | binning
  int degree = 2;               // polynomial
  bool interaction_only = false;  // polynomial
  int bins = 5;                   // binning
  BinStrategy strategy = BinStrategy::kQuantile;  // binning: uniform | quantile

  bool operator==(const FeaturesExtractConfig&) const = default;
};

struct FeaturesSelectConfig {
  SelectMethod method = SelectMethod::kNone;  // none | variance | kbest | rfe | l1
  SelectScore score = SelectScore::kAnova;    // kbest: anova | chi2 | mutual_info
  int k = 10;                   // kbest, rfe
  double threshold = 0.0;       // variance
  RfeEstimator estimator = RfeEstimator::kLinear;  // rfe: linear | tree
  double alpha = 0.01;               // l1

  bool operator==(const FeaturesSelectConfig&) const = default;
};

struct FeaturesPcaConfig {
  ReduceMethod method = ReduceMethod::kNone;  // none | pca | kpca
  int n_components = 2;
  PcaSolver solver = PcaSolver::kAuto;  // pca: auto | full | randomized
  bool whiten = false;          // pca
  PcaKernel kernel = PcaKernel::kRbf;  // kpca: rbf | poly | sigmoid | cosine | linear
  double gamma = 0.0;           // kpca: 0 = 1 / n_features
  int degree = 3;               // kpca poly
  double coef0 = 1.0;           // kpca poly, sigmoid
  int landmarks = 0;            // kpca: > 0 Nyström landmarks; 0 exact up to 5000 rows

  bool operator==(const FeaturesPcaConfig&) const = default;
};

struct FeaturesConfig {
  FeaturesExtractConfig extract;
  FeaturesSelectConfig select;
  FeaturesPcaConfig pca;
  uint64_t seed = 0;  // mutual information noise, tree ties, randomized PCA, landmarks

  bool operator==(const FeaturesConfig&) const = default;
  bool Enabled() const {
    return extract.method != ExtractMethod::kNone || select.method != SelectMethod::kNone ||
           pca.method != ReduceMethod::kNone;
  }
};

// Checks names and ranges; messages name the field path ("features.pca.n_components").
Status ValidateFeaturesConfig(const FeaturesConfig& features);

}  // namespace optiscope
