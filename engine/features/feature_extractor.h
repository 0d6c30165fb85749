// FeatureExtractor: new columns from the inputs, fitted on training rows: polynomial and
// interaction features (scikit-learn's PolynomialFeatures without the bias column), sign-keeping
// log1p / sqrt, the Yeo-Johnson power transform (Yeo & Johnson 2000; lambda by maximum likelihood,
// then standardized, like PowerTransformer) and binning into uniform-width or quantile bins
// (KBinsDiscretizer, ordinal codes).
#pragma once

#include <string>
#include <vector>

#include "engine/config/config_enums.h"
#include "engine/core/status.h"
#include "engine/core/types.h"

namespace optiscope {

struct ExtractorOptions {
  ExtractMethod method = ExtractMethod::kNone;  // none | polynomial | log1p | sqrt |
                                                // yeo_johnson | binning
  int degree = 2;                // polynomial: maximum total degree (>= 1)
  bool interaction_only = false;  // polynomial: only products of distinct columns
  int bins = 5;                   // binning: bins per column (>= 2)
  BinStrategy strategy = BinStrategy::kQuantile;  // binning: uniform | quantile
};

class FeatureExtractor {
 public:
  FeatureExtractor() = default;
  explicit FeatureExtractor(ExtractorOptions options) : options_(std::move(options)) {}

  // Learns what the method needs from training rows (Yeo-Johnson lambdas and scaling, bin
  // edges, the polynomial terms). InvalidArgument on bad options or too many output columns.
  Status Fit(const Mat& X, const std::vector<std::string>& names = {});
  Mat Transform(const Mat& X) const;

  int NumOutputs() const { return static_cast<int>(output_names_.size()); }
  // Output column names, e.g. "x0^2", "x0 x1", "log1p(x3)".
  const std::vector<std::string>& output_names() const { return output_names_; }
  const std::vector<double>& lambdas() const { return lambdas_; }  // yeo_johnson

 private:
  friend class FeaturePipelineIo;  // feature_pipeline_io.cpp: saved with model files
  // Fit's methods (num_inputs_ set).
  Status FitPolynomial(const std::vector<std::string>& names);
  void FitYeoJohnson(const Mat& X, const std::vector<std::string>& names);
  Status FitBinning(const Mat& X, const std::vector<std::string>& names);

  ExtractorOptions options_;
  std::vector<std::vector<int>> terms_;  // polynomial: column indices multiplied together
  std::vector<double> lambdas_, mean_, scale_;
  std::vector<std::vector<double>> edges_;  // binning: inner edges per column
  std::vector<std::string> output_names_;
  int num_inputs_ = 0;
};

// Yeo-Johnson transform of x with parameter lambda.
double YeoJohnson(double x, double lambda);
// The maximum-likelihood lambda for a column (golden-section search on [-10, 10]).
double YeoJohnsonLambda(const std::vector<double>& x);

}  // namespace optiscope
