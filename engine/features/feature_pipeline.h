// FeaturePipeline: the fitted "extract -> select -> reduce" steps of an experiment's features
// block, learned on training rows only (after imputation and scaling) and applied unchanged to
// validation, test and new rows, so no statistic leaks from held-out data.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/config/features_config.h"
#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/data/dataset.h"
#include "engine/features/feature_extractor.h"
#include "engine/features/feature_selector.h"
#include "engine/features/kernel_pca.h"
#include "engine/features/pca.h"

namespace optiscope {

// ValidateFeaturesConfig plus the checks that depend on the preprocessing in front of the block:
// chi2 scores need non-negative columns, so they fail after `data.scaling` "standardize" or the
// standardized Yeo-Johnson output. Messages name the field path. Data-dependent limits
// (n_components vs the column count) are checked by Fit.
Status ValidateFeaturesWithScaling(const FeaturesConfig& features, Scaling scaling);

class FeaturePipeline {
 public:
  // Fits every enabled step on (X, y) — the training rows. Errors name the field path.
  static Result<FeaturePipeline> Fit(const FeaturesConfig& config, const Mat& X, const Vec& y,
                                     TaskKind task, const std::vector<std::string>& names = {});

  Mat Transform(const Mat& X) const;

  int NumInputs() const { return num_inputs_; }
  int NumOutputs() const { return static_cast<int>(output_names_.size()); }
  const std::vector<std::string>& output_names() const { return output_names_; }
  const FeatureExtractor& extractor() const { return extractor_; }
  const FeatureSelector& selector() const { return selector_; }
  // Names of the columns the selector scored (the extractor's outputs).
  const std::vector<std::string>& selector_input_names() const { return selector_names_; }
  const Pca* pca() const { return pca_.get(); }
  const KernelPca* kernel_pca() const { return kpca_.get(); }

 private:
  friend class FeaturePipelineIo;  // feature_pipeline_io.cpp: saved with model files
  FeaturesConfig config_;
  int num_inputs_ = 0;
  FeatureExtractor extractor_;
  FeatureSelector selector_;
  std::shared_ptr<const Pca> pca_;
  std::shared_ptr<const KernelPca> kpca_;
  std::vector<std::string> selector_names_, output_names_;
};

}  // namespace optiscope
