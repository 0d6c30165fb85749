// ValidateFeaturesConfig: the data-independent checks of the features block.
#include <string>
#include <vector>

#include "engine/config/features_config.h"
#include "engine/core/closest_name.h"

namespace optiscope {
namespace {

Status OneOf(const std::string& path, const std::string& value,
             const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (value == name) return Status::Ok();
  }
  std::string message = path + ": \"" + value + "\" is not one of ";
  for (size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + names[i];
  const std::string hint = ClosestName(value, names);
  if (!hint.empty()) message += " (did you mean \"" + hint + "\"?)";
  return Status::InvalidArgument(message);
}

Status AtLeast(const std::string& path, long long v, long long min) {
  if (v >= min) return Status::Ok();
  return Status::InvalidArgument(path + ": must be >= " + std::to_string(min) + ", got " +
                                 std::to_string(v));
}

Status NonNegative(const std::string& path, double v) {
  if (v >= 0) return Status::Ok();
  return Status::InvalidArgument(path + ": must be >= 0, got " + std::to_string(v));
}

}  // namespace

Status ValidateFeaturesConfig(const FeaturesConfig& f) {
  const FeaturesExtractConfig& e = f.extract;
  OPTISCOPE_RETURN_IF_ERROR(
      OneOf("features.extract.method", e.method,
            {"none", "polynomial", "log1p", "sqrt", "yeo_johnson", "binning"}));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("features.extract.degree", e.degree, 1));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("features.extract.bins", e.bins, 2));
  OPTISCOPE_RETURN_IF_ERROR(
      OneOf("features.extract.strategy", e.strategy, {"uniform", "quantile"}));
  const FeaturesSelectConfig& s = f.select;
  OPTISCOPE_RETURN_IF_ERROR(
      OneOf("features.select.method", s.method, {"none", "variance", "kbest", "rfe", "l1"}));
  OPTISCOPE_RETURN_IF_ERROR(
      OneOf("features.select.score", s.score, {"anova", "chi2", "mutual_info"}));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("features.select.k", s.k, 1));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("features.select.threshold", s.threshold));
  OPTISCOPE_RETURN_IF_ERROR(OneOf("features.select.estimator", s.estimator, {"linear", "tree"}));
  if (!(s.alpha > 0)) {
    return Status::InvalidArgument("features.select.alpha: must be > 0, got " +
                                   std::to_string(s.alpha));
  }
  const FeaturesPcaConfig& p = f.pca;
  OPTISCOPE_RETURN_IF_ERROR(OneOf("features.pca.method", p.method, {"none", "pca", "kpca"}));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("features.pca.n_components", p.n_components, 1));
  OPTISCOPE_RETURN_IF_ERROR(OneOf("features.pca.solver", p.solver, {"auto", "full", "randomized"}));
  OPTISCOPE_RETURN_IF_ERROR(
      OneOf("features.pca.kernel", p.kernel, {"rbf", "poly", "sigmoid", "cosine", "linear"}));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("features.pca.gamma", p.gamma));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("features.pca.degree", p.degree, 1));
  return AtLeast("features.pca.landmarks", p.landmarks, 0);
}

}  // namespace optiscope
