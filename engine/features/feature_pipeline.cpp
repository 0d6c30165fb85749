#include "engine/features/feature_pipeline.h"

namespace optiscope {

Status ValidateFeaturesWithScaling(const FeaturesConfig& features, Scaling scaling) {
  OPTISCOPE_RETURN_IF_ERROR(ValidateFeaturesConfig(features));
  const bool standardized = scaling == Scaling::kStandardize;
  if (features.select.method == SelectMethod::kVariance &&
      features.extract.method == ExtractMethod::kNone && standardized) {
    return Status::InvalidArgument(
        "features.select.method: variance ranks the columns' variances, but data.scaling "
        "\"standardize\" makes every one 1; set data.scaling to none or minmax");
  }
  const bool chi2 =
      features.select.method == SelectMethod::kKBest && features.select.score == SelectScore::kChi2;
  if (!chi2) return Status::Ok();
  if (features.extract.method == ExtractMethod::kYeoJohnson) {
    return Status::InvalidArgument(
        "features.select.score: chi2 needs non-negative features, but yeo_johnson standardizes "
        "them; pick another extract method or score");
  }
  if (standardized) {
    return Status::InvalidArgument(
        "features.select.score: chi2 needs non-negative features, but data.scaling "
        "\"standardize\" makes negative values; set data.scaling to minmax");
  }
  return Status::Ok();
}

Result<FeaturePipeline> FeaturePipeline::Fit(const FeaturesConfig& config, const Mat& X,
                                             const Vec& y, TaskKind task,
                                             const std::vector<std::string>& names) {
  OPTISCOPE_RETURN_IF_ERROR(ValidateFeaturesConfig(config));
  if (!X.allFinite()) {
    return Status::InvalidArgument("features: the input has missing values (impute first)");
  }
  FeaturePipeline p;
  p.config_ = config;
  p.num_inputs_ = static_cast<int>(X.cols());
  ExtractorOptions e;
  e.method = config.extract.method;
  e.degree = config.extract.degree;
  e.interaction_only = config.extract.interaction_only;
  e.bins = config.extract.bins;
  e.strategy = config.extract.strategy;
  p.extractor_ = FeatureExtractor(e);
  OPTISCOPE_RETURN_IF_ERROR(p.extractor_.Fit(X, names));
  Mat current = p.extractor_.Transform(X);
  p.selector_names_ = p.extractor_.output_names();

  SelectorOptions s;
  s.method = config.select.method;
  s.score = config.select.score;
  s.k = config.select.k;
  s.threshold = config.select.threshold;
  s.estimator = config.select.estimator;
  s.alpha = config.select.alpha;
  s.seed = config.seed;
  p.selector_ = FeatureSelector(s);
  OPTISCOPE_RETURN_IF_ERROR(p.selector_.Fit(current, y, task));
  current = p.selector_.Transform(current);
  std::vector<std::string> kept;
  for (int j : p.selector_.selected()) kept.push_back(p.selector_names_[j]);

  const FeaturesPcaConfig& r = config.pca;
  if (r.method == ReduceMethod::kPca) {
    PcaOptions o;
    o.n_components = r.n_components;
    o.solver = r.solver;
    o.whiten = r.whiten;
    o.seed = config.seed;
    auto pca = std::make_shared<Pca>(o);
    const Status st = pca->Fit(current);
    if (!st.ok()) return Status::InvalidArgument("features.pca.n_components: " + st.message());
    p.pca_ = pca;
    kept.clear();
    for (int j = 0; j < r.n_components; ++j) kept.push_back("pc" + std::to_string(j + 1));
  } else if (r.method == ReduceMethod::kKpca) {
    KernelPcaOptions o;
    o.n_components = r.n_components;
    o.kernel.kernel = r.kernel;
    o.kernel.gamma = r.gamma;
    o.kernel.degree = r.degree;
    o.kernel.coef0 = r.coef0;
    o.landmarks = r.landmarks;
    o.seed = config.seed;
    auto kpca = std::make_shared<KernelPca>(o);
    const Status st = kpca->Fit(current);
    if (!st.ok()) return Status::InvalidArgument("features.pca.n_components: " + st.message());
    p.kpca_ = kpca;
    kept.clear();
    for (int j = 0; j < r.n_components; ++j) kept.push_back("kpc" + std::to_string(j + 1));
  }
  p.output_names_ = kept;
  return p;
}

Mat FeaturePipeline::Transform(const Mat& X) const {
  Mat current = selector_.Transform(extractor_.Transform(X));
  if (pca_) return pca_->Transform(current);
  if (kpca_) return kpca_->Transform(current);
  return current;
}

}  // namespace optiscope
