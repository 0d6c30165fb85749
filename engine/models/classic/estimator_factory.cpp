// MakeEstimator: builds a classic estimator from its name and a parameter map.
#include <cmath>
#include <cstdlib>
#include <set>

#include "engine/models/classic/decision_tree.h"
#include "engine/models/classic/estimator.h"
#include "engine/models/classic/gradient_boosting.h"
#include "engine/models/classic/kernel_svm.h"
#include "engine/models/classic/knn.h"
#include "engine/models/classic/linear_svm.h"
#include "engine/models/classic/random_forest.h"
#include "engine/core/types.h"

namespace optiscope {
namespace {

const std::vector<std::pair<std::string, std::vector<EstimatorParamInfo>>>& Catalog() {
  static const auto* catalog = new std::vector<
      std::pair<std::string, std::vector<EstimatorParamInfo>>>{
      {"gradient_boosting",
       {{"n_estimators", "100", "boosting stages"},
        {"learning_rate", "0.1", "shrinkage of each stage"},
        {"max_depth", "3", "depth of each tree (0 = unlimited)"},
        {"min_samples_split", "2", "rows a node needs to be split"},
        {"min_samples_leaf", "1", "rows each leaf keeps at least"},
        {"subsample", "1.0", "fraction of rows per stage, in (0, 1]"},
        {"max_features", "all", "features per split: all | sqrt | log2 | fraction | count"},
        {"seed", "0", "random seed"}}},
      {"kernel_svm",
       {{"C", "1.0", "inverse regularisation strength"},
        {"kernel", "rbf", "rbf | poly | linear"},
        {"gamma", "scale", "scale (1/(F Var X)) | auto (1/F) | a positive number"},
        {"degree", "3", "poly kernel degree"},
        {"coef0", "0.0", "poly kernel constant"},
        {"tol", "0.001", "KKT violation tolerance"},
        {"cache_mb", "200", "kernel matrix memory budget (MB)"},
        {"max_iter", "-1", "SMO iterations per pair (-1 = no practical limit)"}}},
      {"knn",
       {{"n_neighbors", "5", "neighbours consulted"},
        {"weights", "uniform", "uniform | distance"}}},
      {"linear_svm",
       {{"C", "1.0", "inverse regularisation strength"},
        {"loss", "squared_hinge", "squared_hinge | hinge"},
        {"tol", "0.0001", "stopping tolerance"},
        {"max_iter", "1000", "passes over the data per class"},
        {"fit_intercept", "1", "1 = learn a bias, 0 = none"},
        {"intercept_scaling", "1.0", "value of the constant bias feature"},
        {"seed", "0", "random seed"}}},
      {"random_forest",
       {{"n_estimators", "100", "number of trees"},
        {"criterion", "auto",
         "auto | gini | entropy | mse (alias squared_error); auto: gini or mse by task"},
        {"max_depth", "0", "maximum depth (0 = unlimited)"},
        {"min_samples_split", "2", "rows a node needs to be split"},
        {"min_samples_leaf", "1", "rows each leaf keeps at least"},
        {"max_features", "auto",
         "features per split: auto (sqrt for classification, all for regression) | all | sqrt | "
         "log2 | fraction | count"},
        {"bootstrap", "1", "1 = bootstrap sample per tree, 0 = all rows"},
        {"n_threads", "2", "threads growing trees"},
        {"seed", "0", "random seed"}}},
      {"tree",
       {{"criterion", "auto",
         "auto | gini | entropy | mse (alias squared_error); auto: gini or mse by task"},
        {"max_depth", "0", "maximum depth (0 = unlimited)"},
        {"min_samples_split", "2", "rows a node needs to be split"},
        {"min_samples_leaf", "1", "rows each leaf keeps at least"},
        {"max_features", "all", "features per split: all | sqrt | log2 | fraction | count"},
        {"seed", "0", "random seed (order of features, breaks ties)"}}},
  };
  return *catalog;
}

// Reads typed values out of a ParamMap, remembering the first error.
class Reader {
 public:
  Reader(std::string model, const ParamMap& params) : model_(std::move(model)), params_(params) {}

  void Number(const std::string& name, double* out, double low, double high) {
    const ParamValue* v = Find(name);
    if (v == nullptr) return;
    double value;
    if (!AsNumber(*v, &value)) return Fail(name, "expects a number");
    if (!(value >= low && value <= high)) {
      return Fail(name, "must be in [" + Format(low) + ", " + Format(high) + "]");
    }
    *out = value;
  }
  template <class Int>
  void Integer(const std::string& name, Int* out, double low, double high) {
    double value = static_cast<double>(*out);
    Number(name, &value, low, high);
    if (value != std::floor(value)) return Fail(name, "expects a whole number");
    *out = static_cast<Int>(value);
  }
  void Bool(const std::string& name, bool* out) {
    const ParamValue* v = Find(name);
    if (v == nullptr) return;
    if (const auto* s = std::get_if<std::string>(v);
        s != nullptr && (*s == "true" || *s == "false")) {
      *out = *s == "true";
      return;
    }
    double value;
    if (!AsNumber(*v, &value) || (value != 0.0 && value != 1.0)) {
      return Fail(name, "expects 0 or 1 (or true/false)");
    }
    *out = value == 1.0;
  }
  // Returns the chosen string, or `fallback` when absent. Numbers are not choices.
  std::string Choice(const std::string& name, const std::string& fallback,
                     const std::vector<std::string>& choices) {
    const ParamValue* v = Find(name);
    if (v == nullptr) return fallback;
    const auto* s = std::get_if<std::string>(v);
    if (s != nullptr) {
      for (const auto& c : choices) {
        if (*s == c) return *s;
      }
    }
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : " | ") + c;
    Fail(name, "must be one of " + list);
    return fallback;
  }
  // max_features: a choice among `words` or a positive number (<= 1: fraction, > 1: count).
  // Returns false when absent or when the word "auto" was given.
  bool MaxFeaturesValue(MaxFeatures* out) {
    const ParamValue* v = Find("max_features");
    if (v == nullptr) return false;
    double value;
    if (AsNumber(*v, &value)) {
      if (!(value > 0.0) || (value > 1.0 && value != std::floor(value))) {
        Fail("max_features", "must be a fraction in (0, 1] or a whole count >= 2");
        return false;
      }
      out->kind = value <= 1.0 ? MaxFeatures::Kind::kFraction : MaxFeatures::Kind::kCount;
      out->value = value;
      return true;
    }
    const std::string& s = std::get<std::string>(*v);
    if (s == "auto") return false;
    if (s == "all")
      out->kind = MaxFeatures::Kind::kAll;
    else if (s == "sqrt")
      out->kind = MaxFeatures::Kind::kSqrt;
    else if (s == "log2")
      out->kind = MaxFeatures::Kind::kLog2;
    else {
      Fail("max_features", "must be all | sqrt | log2 | auto or a number");
      return false;
    }
    return true;
  }
  // Parsed criterion, unset for "auto" or absent.
  std::optional<SplitCriterion> Criterion() {
    const std::string c =
        Choice("criterion", "auto", {"auto", "gini", "entropy", "mse", "squared_error"});
    if (c == "gini") return SplitCriterion::kGini;
    if (c == "entropy") return SplitCriterion::kEntropy;
    if (c == "mse" || c == "squared_error") return SplitCriterion::kMse;
    return std::nullopt;
  }
  // Unknown names, then the first value error.
  Status Finish(const std::vector<EstimatorParamInfo>& known) const {
    std::set<std::string> names;
    for (const auto& p : known) names.insert(p.name);
    for (const auto& [name, value] : params_) {
      if (names.count(name) == 0) {
        std::string list;
        for (const auto& p : known) list += (list.empty() ? "" : ", ") + p.name;
        return Status::InvalidArgument(model_ + ": unknown parameter '" + name +
                                       "' (known: " + list + ")");
      }
    }
    return status_;
  }

 private:
  const ParamValue* Find(const std::string& name) const {
    auto it = params_.find(name);
    return it == params_.end() ? nullptr : &it->second;
  }
  static bool AsNumber(const ParamValue& v, double* out) {
    if (const double* d = std::get_if<double>(&v)) {
      *out = *d;
      return true;
    }
    const std::string& s = std::get<std::string>(v);
    if (s.empty()) return false;
    char* end = nullptr;
    *out = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size();
  }
  static std::string Format(double v) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  void Fail(const std::string& name, const std::string& why) {
    if (status_.ok())
      status_ = Status::InvalidArgument(model_ + ": parameter '" + name + "' " + why);
  }

  std::string model_;
  const ParamMap& params_;
  Status status_;
};

}  // namespace

std::vector<std::string> EstimatorNames() {
  return {"linear_svm", "kernel_svm", "tree", "random_forest", "gradient_boosting", "knn"};
}

std::vector<EstimatorParamInfo> EstimatorParams(const std::string& name) {
  for (const auto& [model, params] : Catalog()) {
    if (model == name) return params;
  }
  return {};
}

Result<std::unique_ptr<Estimator>> MakeEstimator(const std::string& name, const ParamMap& params) {
  const std::vector<EstimatorParamInfo> known = EstimatorParams(name);
  if (known.empty()) {
    std::string list;
    for (const auto& n : EstimatorNames()) list += (list.empty() ? "" : ", ") + n;
    return Status::NotFound("unknown classic model '" + name + "' (known: " + list + ")");
  }
  Reader r(name, params);
  std::unique_ptr<Estimator> model;
  if (name == "tree") {
    DecisionTreeOptions o;
    o.criterion = r.Criterion();
    r.Integer("max_depth", &o.max_depth, 0, 1e6);
    r.Integer("min_samples_split", &o.min_samples_split, 2, 1e9);
    r.Integer("min_samples_leaf", &o.min_samples_leaf, 1, 1e9);
    r.MaxFeaturesValue(&o.max_features);
    r.Integer("seed", &o.seed, 0, 9e15);
    model = std::make_unique<DecisionTree>(o);
  } else if (name == "random_forest") {
    RandomForestOptions o;
    r.Integer("n_estimators", &o.n_estimators, 1, 1e6);
    o.criterion = r.Criterion();
    r.Integer("max_depth", &o.max_depth, 0, 1e6);
    r.Integer("min_samples_split", &o.min_samples_split, 2, 1e9);
    r.Integer("min_samples_leaf", &o.min_samples_leaf, 1, 1e9);
    MaxFeatures mf;
    if (r.MaxFeaturesValue(&mf)) o.max_features = mf;
    r.Bool("bootstrap", &o.bootstrap);
    r.Integer("n_threads", &o.n_threads, 1, 256);
    r.Integer("seed", &o.seed, 0, 9e15);
    model = std::make_unique<RandomForest>(o);
  } else if (name == "gradient_boosting") {
    GradientBoostingOptions o;
    r.Integer("n_estimators", &o.n_estimators, 1, 1e6);
    r.Number("learning_rate", &o.learning_rate, 1e-12, kInf);
    r.Integer("max_depth", &o.max_depth, 0, 1e6);
    r.Integer("min_samples_split", &o.min_samples_split, 2, 1e9);
    r.Integer("min_samples_leaf", &o.min_samples_leaf, 1, 1e9);
    r.Number("subsample", &o.subsample, 1e-12, 1.0);
    r.MaxFeaturesValue(&o.max_features);
    r.Integer("seed", &o.seed, 0, 9e15);
    model = std::make_unique<GradientBoosting>(o);
  } else if (name == "knn") {
    KnnOptions o;
    r.Integer("n_neighbors", &o.n_neighbors, 1, 1e9);
    o.distance_weights = r.Choice("weights", "uniform", {"uniform", "distance"}) == "distance";
    model = std::make_unique<KNearestNeighbors>(o);
  } else if (name == "linear_svm") {
    LinearSvmOptions o;
    r.Number("C", &o.C, 1e-300, kInf);
    o.squared_hinge =
        r.Choice("loss", "squared_hinge", {"squared_hinge", "hinge"}) == "squared_hinge";
    r.Number("tol", &o.tol, 1e-300, kInf);
    r.Integer("max_iter", &o.max_iter, 1, 1e9);
    r.Bool("fit_intercept", &o.fit_intercept);
    r.Number("intercept_scaling", &o.intercept_scaling, 1e-300, kInf);
    r.Integer("seed", &o.seed, 0, 9e15);
    model = std::make_unique<LinearSvm>(o);
  } else {  // kernel_svm
    KernelSvmOptions o;
    r.Number("C", &o.C, 1e-300, kInf);
    const std::string kernel = r.Choice("kernel", "rbf", {"rbf", "poly", "linear"});
    o.kernel = kernel == "poly"     ? KernelKind::kPoly
               : kernel == "linear" ? KernelKind::kLinear
                                    : KernelKind::kRbf;
    if (auto it = params.find("gamma"); it != params.end()) {
      const auto* s = std::get_if<std::string>(&it->second);
      if (s != nullptr && (*s == "scale" || *s == "auto")) {
        o.gamma_rule =
            *s == "scale" ? KernelSvmOptions::Gamma::kScale : KernelSvmOptions::Gamma::kAuto;
      } else {
        o.gamma_rule = KernelSvmOptions::Gamma::kValue;
        r.Number("gamma", &o.gamma, 1e-300, kInf);
        if (!(o.gamma > 0.0)) {
          return Status::InvalidArgument(
              "kernel_svm: parameter 'gamma' must be scale, auto or a positive number");
        }
      }
    }
    r.Integer("degree", &o.degree, 1, 100);
    r.Number("coef0", &o.coef0, -kInf, kInf);
    r.Number("tol", &o.tol, 1e-300, kInf);
    r.Number("cache_mb", &o.cache_mb, 1e-3, kInf);
    r.Integer("max_iter", &o.max_iter, -1, 9e15);
    if (o.max_iter == 0) {
      return Status::InvalidArgument("kernel_svm: parameter 'max_iter' must be -1 or >= 1");
    }
    model = std::make_unique<KernelSvm>(o);
  }
  OPTISCOPE_RETURN_IF_ERROR(r.Finish(known));
  return model;
}

}  // namespace optiscope
