#include "engine/features/feature_pipeline_io.h"

#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace optiscope {
namespace {

using Json = nlohmann::json;

template <class V>
Json VectorJson(const V& v) {
  Json out = Json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) out.push_back(static_cast<double>(v[i]));
  return out;
}

VecD VecDFromJson(const Json& j) {
  const std::vector<double> values = j.get<std::vector<double>>();
  return Eigen::Map<const VecD>(values.data(), static_cast<Eigen::Index>(values.size()));
}

// {"rows", "cols", "data" (row-major)}; doubles print with 17 significant digits and floats
// widen exactly, so both round-trip.
template <class M>
Json MatrixJson(const M& m) {
  Json data = Json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index c = 0; c < m.cols(); ++c) data.push_back(static_cast<double>(m(i, c)));
  return {{"rows", m.rows()}, {"cols", m.cols()}, {"data", std::move(data)}};
}

template <class M>
M MatrixFromJson(const Json& j) {
  const Eigen::Index rows = j.at("rows").get<Eigen::Index>();
  const Eigen::Index cols = j.at("cols").get<Eigen::Index>();
  const std::vector<double> data = j.at("data").get<std::vector<double>>();
  if (rows < 0 || cols < 0 || static_cast<Eigen::Index>(data.size()) != rows * cols) {
    throw std::invalid_argument("a matrix has " + std::to_string(data.size()) +
                                " entries, expected " + std::to_string(rows) + " x " +
                                std::to_string(cols));
  }
  M m(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index c = 0; c < cols; ++c)
      m(i, c) = static_cast<typename M::Scalar>(data[i * cols + c]);
  return m;
}

// The enum named by the string at j[key]; std::invalid_argument naming the choices otherwise.
template <class E>
E EnumAtKey(const Json& j, const char* key) {
  const std::string name = j.at(key).get<std::string>();
  const std::optional<E> value = EnumFromName<E>(name);
  if (!value) throw std::invalid_argument(NotOneOfMessage(key, name, EnumNames<E>()));
  return *value;
}

}  // namespace

Json FeaturePipelineIo::SaveExtractor(const FeatureExtractor& e) {
  const ExtractorOptions& o = e.options_;
  return {{"method", EnumName(o.method)},
          {"degree", o.degree},
          {"interaction_only", o.interaction_only},
          {"bins", o.bins},
          {"strategy", EnumName(o.strategy)},
          {"terms", e.terms_},
          {"lambdas", e.lambdas_},
          {"mean", e.mean_},
          {"scale", e.scale_},
          {"edges", e.edges_},
          {"output_names", e.output_names_},
          {"num_inputs", e.num_inputs_}};
}

void FeaturePipelineIo::LoadExtractor(const Json& j, FeatureExtractor* e) {
  ExtractorOptions o;
  o.method = EnumAtKey<ExtractMethod>(j, "method");
  o.degree = j.at("degree").get<int>();
  o.interaction_only = j.at("interaction_only").get<bool>();
  o.bins = j.at("bins").get<int>();
  o.strategy = EnumAtKey<BinStrategy>(j, "strategy");
  *e = FeatureExtractor(o);
  e->terms_ = j.at("terms").get<std::vector<std::vector<int>>>();
  e->lambdas_ = j.at("lambdas").get<std::vector<double>>();
  e->mean_ = j.at("mean").get<std::vector<double>>();
  e->scale_ = j.at("scale").get<std::vector<double>>();
  e->edges_ = j.at("edges").get<std::vector<std::vector<double>>>();
  e->output_names_ = j.at("output_names").get<std::vector<std::string>>();
  e->num_inputs_ = j.at("num_inputs").get<int>();
  // Transform indexes every one of these by input column or output: a file whose counts
  // disagree must be refused here, not read out of bounds there.
  const size_t d = e->num_inputs_ > 0 ? static_cast<size_t>(e->num_inputs_) : 0;
  const auto fail = [](const std::string& why) { throw std::invalid_argument("extract: " + why); };
  if (e->num_inputs_ < 1) fail("num_inputs must be >= 1");
  const ExtractMethod m = o.method;
  if (m == ExtractMethod::kPolynomial) {
    if (e->terms_.size() != e->output_names_.size()) fail("terms do not match the outputs");
    for (const std::vector<int>& term : e->terms_) {
      for (int c : term) {
        if (c < 0 || static_cast<size_t>(c) >= d) fail("a term names a column out of range");
      }
    }
  } else if (m != ExtractMethod::kNone && e->output_names_.size() != d) {
    fail("outputs do not match num_inputs");
  }
  if (m == ExtractMethod::kYeoJohnson &&
      (e->lambdas_.size() != d || e->mean_.size() != d || e->scale_.size() != d)) {
    fail("lambdas, means or scales do not match num_inputs");
  }
  if (m == ExtractMethod::kBinning && e->edges_.size() != d) fail("edges do not match num_inputs");
}

Json FeaturePipelineIo::SaveSelector(const FeatureSelector& s) {
  const SelectorOptions& o = s.options_;
  Json scores = Json::array();
  for (double v : s.scores_) scores.push_back(std::isfinite(v) ? Json(v) : Json());
  return {{"method", EnumName(o.method)},
          {"score", EnumName(o.score)},
          {"k", o.k},
          {"threshold", o.threshold},
          {"estimator", EnumName(o.estimator)},
          {"alpha", o.alpha},
          {"seed", o.seed},
          {"scores", scores},
          {"selected", s.selected_},
          {"num_inputs", s.num_inputs_}};
}

void FeaturePipelineIo::LoadSelector(const Json& j, FeatureSelector* s) {
  SelectorOptions o;
  o.method = EnumAtKey<SelectMethod>(j, "method");
  o.score = EnumAtKey<SelectScore>(j, "score");
  o.k = j.at("k").get<int>();
  o.threshold = j.at("threshold").get<double>();
  o.estimator = EnumAtKey<RfeEstimator>(j, "estimator");
  o.alpha = j.at("alpha").get<double>();
  o.seed = j.at("seed").get<uint64_t>();
  *s = FeatureSelector(o);
  for (const Json& v : j.at("scores")) {
    s->scores_.push_back(v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>());
  }
  s->selected_ = j.at("selected").get<std::vector<int>>();
  s->num_inputs_ = j.at("num_inputs").get<int>();
  for (int c : s->selected_) {
    if (c < 0 || c >= s->num_inputs_)
      throw std::invalid_argument("a selected column is out of range");
  }
}

Json FeaturePipelineIo::SavePca(const Pca& p) {
  const PcaOptions& o = p.options_;
  return {{"n_components", o.n_components},
          {"whiten", o.whiten},
          {"power_iterations", o.power_iterations},
          {"oversamples", o.oversamples},
          {"seed", o.seed},
          {"components", MatrixJson(p.components_)},
          {"mean", VectorJson(p.mean_)},
          {"explained_variance", VectorJson(p.explained_variance_)},
          {"explained_variance_ratio", VectorJson(p.explained_variance_ratio_)},
          {"singular_values", VectorJson(p.singular_values_)},
          {"total_variance", p.total_variance_},
          {"solver_used", p.solver_used_}};
}

void FeaturePipelineIo::LoadPca(const Json& j, Pca* p) {
  PcaOptions o;
  o.n_components = j.at("n_components").get<int>();
  o.whiten = j.at("whiten").get<bool>();
  o.power_iterations = j.at("power_iterations").get<int>();
  o.oversamples = j.at("oversamples").get<int>();
  o.seed = j.at("seed").get<uint64_t>();
  *p = Pca(o);
  p->components_ = MatrixFromJson<MatCD>(j.at("components"));
  p->mean_ = VecDFromJson(j.at("mean"));
  p->explained_variance_ = VecDFromJson(j.at("explained_variance"));
  p->explained_variance_ratio_ = VecDFromJson(j.at("explained_variance_ratio"));
  p->singular_values_ = VecDFromJson(j.at("singular_values"));
  p->total_variance_ = j.at("total_variance").get<double>();
  p->solver_used_ = j.at("solver_used").get<std::string>();
  if (p->components_.cols() != p->mean_.size() ||
      p->explained_variance_.size() != p->components_.rows()) {
    throw std::invalid_argument("the PCA components do not match its mean / variances");
  }
}

Json FeaturePipelineIo::SaveKernelPca(const KernelPca& k) {
  const KernelParams& kp = k.params_;
  Json out = {{"n_components", k.options_.n_components},
              {"landmarks", k.options_.landmarks},
              {"seed", k.options_.seed},
              {"kernel", PcaKernelName(kp.kernel)},
              {"gamma", kp.gamma},
              {"degree", kp.degree},
              {"coef0", kp.coef0},
              {"nystroem", k.nystroem_},
              {"fit_rows", MatrixJson(k.fit_rows_)},
              {"eigenvalues", VectorJson(k.eigenvalues_)},
              {"explained_variance_ratio", VectorJson(k.explained_variance_ratio_)}};
  if (k.nystroem_) {
    out["landmark_map"] = MatrixJson(k.landmark_map_);
    out["feature_pca"] = SavePca(k.feature_pca_);
  } else {
    out["column_means"] = VectorJson(k.column_means_);
    out["total_mean"] = k.total_mean_;
    out["alphas"] = MatrixJson(k.alphas_);
  }
  return out;
}

void FeaturePipelineIo::LoadKernelPca(const Json& j, KernelPca* k) {
  KernelPcaOptions o;
  o.n_components = j.at("n_components").get<int>();
  o.landmarks = j.at("landmarks").get<int>();
  o.seed = j.at("seed").get<uint64_t>();
  auto kernel = ParsePcaKernel(j.at("kernel").get<std::string>());
  if (!kernel.ok()) throw std::invalid_argument(kernel.status().message());
  o.kernel.kernel = *kernel;
  o.kernel.gamma = j.at("gamma").get<double>();
  o.kernel.degree = j.at("degree").get<int>();
  o.kernel.coef0 = j.at("coef0").get<double>();
  *k = KernelPca(o);
  k->params_ = o.kernel;
  k->gamma_ = o.kernel.gamma;
  k->nystroem_ = j.at("nystroem").get<bool>();
  k->fit_rows_ = MatrixFromJson<Mat>(j.at("fit_rows"));
  k->eigenvalues_ = VecDFromJson(j.at("eigenvalues"));
  k->explained_variance_ratio_ = VecDFromJson(j.at("explained_variance_ratio"));
  if (k->nystroem_) {
    k->landmark_map_ = MatrixFromJson<MatCD>(j.at("landmark_map"));
    LoadPca(j.at("feature_pca"), &k->feature_pca_);
  } else {
    k->column_means_ = VecDFromJson(j.at("column_means"));
    k->total_mean_ = j.at("total_mean").get<double>();
    k->alphas_ = MatrixFromJson<MatCD>(j.at("alphas"));
    if (k->alphas_.rows() != k->fit_rows_.rows() ||
        k->column_means_.size() != k->fit_rows_.rows()) {
      throw std::invalid_argument("the Kernel PCA coefficients do not match its fit rows");
    }
  }
}

Json FeaturePipelineIo::Save(const FeaturePipeline& p) {
  Json out = {{"num_inputs", p.num_inputs_},
              {"extract", SaveExtractor(p.extractor_)},
              {"select", SaveSelector(p.selector_)},
              {"selector_input_names", p.selector_names_},
              {"output_names", p.output_names_}};
  if (p.pca_) out["pca"] = SavePca(*p.pca_);
  if (p.kpca_) out["kpca"] = SaveKernelPca(*p.kpca_);
  return out;
}

Result<FeaturePipeline> FeaturePipelineIo::Load(const Json& j, const FeaturesConfig& config) {
  FeaturePipeline p;
  p.config_ = config;
  try {
    p.num_inputs_ = j.at("num_inputs").get<int>();
    LoadExtractor(j.at("extract"), &p.extractor_);
    LoadSelector(j.at("select"), &p.selector_);
    p.selector_names_ = j.at("selector_input_names").get<std::vector<std::string>>();
    p.output_names_ = j.at("output_names").get<std::vector<std::string>>();
    if (j.contains("pca")) {
      auto pca = std::make_shared<Pca>();
      LoadPca(j.at("pca"), pca.get());
      p.pca_ = pca;
    }
    if (j.contains("kpca")) {
      auto kpca = std::make_shared<KernelPca>();
      LoadKernelPca(j.at("kpca"), kpca.get());
      p.kpca_ = kpca;
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::ParseError(std::string("features: ") + e.what());
  } catch (const std::invalid_argument& e) {
    return Status::InvalidArgument(std::string("features: ") + e.what());
  }
  // The steps must chain: inputs -> extractor -> selector -> reducer -> outputs.
  const int extracted = p.extractor_.NumOutputs();
  const int selected = static_cast<int>(p.selector_.selected().size());
  const bool chained =
      p.extractor_.num_inputs_ == p.num_inputs_ && p.selector_.num_inputs_ == extracted &&
      (!p.pca_ || p.pca_->NumFeatures() == selected) &&
      (!p.kpca_ || p.kpca_->nystroem_ || p.kpca_->fit_rows_.cols() == selected) &&
      static_cast<int>(p.output_names_.size()) == (p.pca_    ? p.pca_->NumComponents()
                                                   : p.kpca_ ? p.kpca_->NumComponents()
                                                             : selected);
  if (!chained) {
    return Status::InvalidArgument(
        "features: the saved steps do not fit together (column counts "
        "differ between extract, select and reduce)");
  }
  return p;
}

Json FeaturePipelineToJson(const FeaturePipeline& pipeline) {
  return FeaturePipelineIo::Save(pipeline);
}

Result<FeaturePipeline> FeaturePipelineFromJson(const Json& json, const FeaturesConfig& config) {
  return FeaturePipelineIo::Load(json, config);
}

}  // namespace optiscope
