// FeaturesConfig: the feature pipeline of an experiment, run after imputation and scaling
// (data.missing, data.scaling) and before the model: extract -> select -> reduce. Every field is
// addressable by its JSON path (features.extract.degree, features.select.k,
// features.pca.n_components, ...) so a study can search it; docs/features.md lists them.
#pragma once

#include <cstdint>
#include <string>

#include "engine/core/status.h"

namespace optiscope {

struct FeaturesExtractConfig {
  std::string method = "none";  // none | polynomial | log1p | sqrt | yeo_johnson | binning
  int degree = 2;               // polynomial
  bool interaction_only = false;  // polynomial
  int bins = 5;                   // binning
  std::string strategy = "quantile";  // binning: uniform | quantile

  bool operator==(const FeaturesExtractConfig&) const = default;
};

struct FeaturesSelectConfig {
  std::string method = "none";  // none | variance | kbest | rfe | l1
  std::string score = "anova";  // kbest: anova | chi2 | mutual_info
  int k = 10;                   // kbest, rfe
  double threshold = 0.0;       // variance
  std::string estimator = "linear";  // rfe: linear | tree
  double alpha = 0.01;               // l1

  bool operator==(const FeaturesSelectConfig&) const = default;
};

struct FeaturesPcaConfig {
  std::string method = "none";  // none | pca | kpca
  int n_components = 2;
  std::string solver = "auto";  // pca: auto | full | randomized
  bool whiten = false;          // pca
  std::string kernel = "rbf";   // kpca: rbf | poly | sigmoid | cosine | linear
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
    return extract.method != "none" || select.method != "none" || pca.method != "none";
  }
};

// Checks names and ranges; messages name the field path ("features.pca.n_components").
Status ValidateFeaturesConfig(const FeaturesConfig& features);

}  // namespace optiscope
