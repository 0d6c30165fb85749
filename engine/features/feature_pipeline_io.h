// FeaturePipeline <-> JSON: the fitted state of every step (extractor terms / lambdas / bin
// edges, selector scores and kept columns, PCA mean and components, Kernel PCA fit rows and
// coefficients), so a model file can apply exactly the transform the model was trained behind.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/core/status.h"
#include "engine/features/feature_pipeline.h"

namespace optiscope {

// The fitted pipeline as a JSON object (numbers round-trip exactly; NaN scores become null).
nlohmann::json FeaturePipelineToJson(const FeaturePipeline& pipeline);
// Reverses FeaturePipelineToJson; `config` is the features block it was fitted with (kept in the
// model file's configuration). ParseError for missing fields or wrong types, InvalidArgument
// for inconsistent sizes (a component matrix that does not match the selector's output, ...).
// Never throws.
Result<FeaturePipeline> FeaturePipelineFromJson(const nlohmann::json& json,
                                                const FeaturesConfig& config);

// Reads and writes the private state of the pipeline's steps (a friend of each step's class).
class FeaturePipelineIo {
 public:
  static nlohmann::json Save(const FeaturePipeline& pipeline);
  static Result<FeaturePipeline> Load(const nlohmann::json& json, const FeaturesConfig& config);

 private:
  static nlohmann::json SaveExtractor(const FeatureExtractor& e);
  static void LoadExtractor(const nlohmann::json& j, FeatureExtractor* e);
  static nlohmann::json SaveSelector(const FeatureSelector& s);
  static void LoadSelector(const nlohmann::json& j, FeatureSelector* s);
  static nlohmann::json SavePca(const Pca& p);
  static void LoadPca(const nlohmann::json& j, Pca* p);
  static nlohmann::json SaveKernelPca(const KernelPca& k);
  static void LoadKernelPca(const nlohmann::json& j, KernelPca* k);
};

}  // namespace optiscope
