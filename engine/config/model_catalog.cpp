#include "engine/config/model_catalog.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "engine/config/config_names.h"
#include "engine/core/closest_name.h"
#include "engine/core/str_cat.h"
#include "engine/core/types.h"

namespace optiscope {
namespace {

ModelParamSpec Int(std::string name, double def, double lo, double hi, std::string help) {
  ModelParamSpec s;
  s.name = std::move(name);
  s.kind = FieldKind::kInt;
  s.default_value = def;
  s.min = lo;
  s.max = hi;
  s.help = std::move(help);
  return s;
}

ModelParamSpec Float(std::string name, double def, double lo, double hi, bool lo_open,
                     bool hi_open, bool log, std::string help) {
  ModelParamSpec s;
  s.name = std::move(name);
  s.kind = FieldKind::kFloat;
  s.default_value = def;
  s.min = lo;
  s.max = hi;
  s.min_open = lo_open;
  s.max_open = hi_open;
  s.log_scale = log;
  s.help = std::move(help);
  return s;
}

ModelParamSpec Bool(std::string name, bool def, std::string help) {
  ModelParamSpec s;
  s.name = std::move(name);
  s.kind = FieldKind::kBool;
  s.default_value = def ? 1.0 : 0.0;
  s.min = 0;
  s.max = 1;
  s.help = std::move(help);
  return s;
}

ModelParamSpec Choice(std::string name, std::string def, std::vector<std::string> choices,
                      std::string help) {
  ModelParamSpec s;
  s.name = std::move(name);
  s.kind = FieldKind::kChoice;
  s.default_value = std::move(def);
  s.choices = std::move(choices);
  s.help = std::move(help);
  return s;
}

ModelParamSpec ChoiceOrNumber(std::string name, std::string def, std::vector<std::string> choices,
                              double lo, double hi, std::string help) {
  ModelParamSpec s = Choice(std::move(name), std::move(def), std::move(choices), std::move(help));
  s.kind = FieldKind::kChoiceOrNumber;
  s.min = lo;
  s.max = hi;
  s.min_open = true;
  return s;
}

ModelParamSpec WithField(ModelParamSpec s, std::string field) {
  s.field = std::move(field);
  return s;
}

ModelParamSpec WithAliases(ModelParamSpec s, std::vector<std::string> aliases) {
  s.aliases = std::move(aliases);
  return s;
}

// The parameters several tree models share.
ModelParamSpec Criterion() {
  return Choice("criterion", "auto", {"auto", "gini", "entropy", "mse", "squared_error"},
                "split quality: gini/entropy (classification), mse (regression); auto by task");
}
ModelParamSpec MaxDepth(double def) {
  return Int("max_depth", def, 0, 1e6, "maximum tree depth (0 = unlimited)");
}
ModelParamSpec MinSplit() {
  return Int("min_samples_split", 2, 2, 1e9, "rows a node needs to be split");
}
ModelParamSpec MinLeaf() { return Int("min_samples_leaf", 1, 1, 1e9, "rows each leaf keeps"); }
ModelParamSpec Seed(std::string help = "random seed") {
  return Int("seed", 0, 0, 9e15, std::move(help));
}
ModelParamSpec MaxFeatures(std::string def, std::vector<std::string> words) {
  return ChoiceOrNumber("max_features", std::move(def), std::move(words), 0, 1e9,
                        "features examined per split: a word, a fraction in (0, 1] or a count");
}

std::vector<ModelSpec> BuildCatalog() {
  std::vector<ModelSpec> c;
  c.push_back({"linear", "differentiable", "regression",
               "linear regression: one dense layer, inputs -> 1",
               {Choice("solver", "gradient", {"gradient", "closed_form"},
                       "gradient: trained by the optimizer; closed_form: least squares "
                       "(ridge with regularization.l2) in one solve")}});
  c.push_back({"logistic", "differentiable", "classification",
               "softmax (multinomial logistic) regression: one dense layer, inputs -> classes",
               {}});
  c.push_back(
      {"mlp",
       "differentiable",
       "both",
       "multilayer perceptron: dense layers with a nonlinearity",
       {WithField(
            [] {
              ModelParamSpec s;
              s.name = "hidden";
              s.kind = FieldKind::kIntList;
              s.default_value = std::string("128,64");
              s.min = 1;
              s.max = 1e5;
              s.help = "hidden layer widths, comma separated (empty: none)";
              return s;
            }(),
            "hidden"),
        WithField(Choice("activation", "relu", ActivationNames(),
                         "nonlinearity after each hidden layer"),
                  "activation"),
        WithField(Float("negative_slope", 0.01, 0.0, kInf, false, false, false,
                        "leaky_relu: slope for negative inputs"),
                  "negative_slope"),
        WithField(Float("dropout", 0.0, 0.0, 1.0, false, true, false,
                        "probability of zeroing a hidden unit in training"),
                  "dropout")}});
  c.push_back({"linear_svm",
               "classic",
               "classification",
               "linear support vector classifier (LIBLINEAR's dual coordinate descent)",
               {Float("C", 1.0, 0, kInf, true, false, true, "inverse regularisation strength"),
                Choice("loss", "squared_hinge", {"squared_hinge", "hinge"}, "hinge loss variant"),
                Float("tol", 1e-4, 0, kInf, true, false, true, "stopping tolerance"),
                Int("max_iter", 1000, 1, 1e9, "passes over the data per class"),
                Bool("fit_intercept", true, "learn a bias"),
                Float("intercept_scaling", 1.0, 0, kInf, true, false, false,
                      "value of the constant bias feature"),
                Seed("random seed (coordinate order)")}});
  c.push_back(
      {"kernel_svm",
       "classic",
       "classification",
       "C-support vector classifier with a kernel (LIBSVM's SMO), one-vs-one",
       {Float("C", 1.0, 0, kInf, true, false, true, "inverse regularisation strength"),
        Choice("kernel", "rbf", {"rbf", "poly", "linear"}, "kernel function"),
        ChoiceOrNumber("gamma", "scale", {"scale", "auto"}, 0, kInf,
                       "kernel width: scale = 1/(F Var X), auto = 1/F, or a positive number"),
        Int("degree", 3, 1, 100, "poly kernel degree"),
        Float("coef0", 0.0, -kInf, kInf, false, false, false, "poly kernel constant"),
        Float("tol", 1e-3, 0, kInf, true, false, true, "KKT violation tolerance"),
        Float("cache_mb", 200, 1e-3, kInf, false, false, true, "kernel matrix memory (MB)"),
        Int("max_iter", -1, -1, 9e15, "SMO iterations per pair (-1 = no practical limit)")}});
  c.push_back({"tree",
               "classic",
               "both",
               "CART decision tree",
               {Criterion(), MaxDepth(0), MinSplit(), MinLeaf(),
                MaxFeatures("all", {"all", "sqrt", "log2"}),
                Seed("random seed (feature order, breaks ties)")}});
  c.push_back(
      {"random_forest",
       "classic",
       "both",
       "random forest: bagged CART trees on random feature subsets",
       {WithAliases(Int("n_estimators", 100, 1, 1e6, "number of trees"), {"n_trees"}), Criterion(),
        MaxDepth(0), MinSplit(), MinLeaf(),
        MaxFeatures("auto", {"auto", "all", "sqrt", "log2"}),
        Bool("bootstrap", true, "each tree sees a bootstrap sample (else all rows)"),
        Int("n_threads", 2, 1, 256, "threads growing trees (results do not depend on it)"),
        Seed()}});
  c.push_back(
      {"gradient_boosting",
       "classic",
       "both",
       "gradient-boosted regression trees (squared error / log loss)",
       {WithAliases(Int("n_estimators", 100, 1, 1e6, "boosting stages"), {"n_stages"}),
        Float("learning_rate", 0.1, 0, kInf, true, false, true, "shrinkage of each stage"),
        MaxDepth(3), MinSplit(), MinLeaf(),
        Float("subsample", 1.0, 0, 1, true, false, false, "fraction of rows per stage"),
        MaxFeatures("all", {"all", "sqrt", "log2"}), Seed()}});
  c.push_back({"knn",
               "classic",
               "both",
               "k-nearest neighbours (Euclidean, brute force)",
               {Int("n_neighbors", 5, 1, 1e9, "neighbours consulted"),
                Choice("weights", "uniform", {"uniform", "distance"},
                       "uniform votes or 1/distance weights")}});
  return c;
}

std::vector<std::string> ParamNames(const ModelSpec& spec, bool with_fields) {
  std::vector<std::string> names;
  for (const auto& p : spec.params) {
    if (with_fields || p.field.empty()) names.push_back(p.name);
  }
  return names;
}

Status UnknownParam(const ModelSpec& spec, const std::string& name, const std::string& path) {
  const std::vector<std::string> names = ParamNames(spec, true);
  std::string message = path + ": " + spec.name + " has no parameter \"" + name + "\"";
  const std::string hint = ClosestName(name, names);
  if (!hint.empty()) StrAppend(&message, {" (did you mean \"", hint, "\"?)"});
  if (names.empty()) {
    message += "; it has no parameters";
  } else {
    message += "; known: ";
    for (size_t i = 0; i < names.size(); ++i) StrAppend(&message, {i ? ", " : "", names[i]});
  }
  return Status::NotFound(message);
}

}  // namespace

const std::vector<ModelSpec>& ModelCatalog() {
  static const auto* catalog = [] {
    auto* c = new std::vector<ModelSpec>(BuildCatalog());
    // One entry per ModelType, in the enum's order: GetModelSpec indexes by the value.
    const auto types = EnumValues<ModelType>();
    bool ordered = c->size() == types.size();
    for (size_t i = 0; ordered && i < c->size(); ++i) {
      (*c)[i].type = types[i];
      ordered = (*c)[i].name == EnumName(types[i]);
    }
    if (!ordered) {
      std::fprintf(stderr, "model catalog: entries must follow ModelType's order\n");
      std::abort();
    }
    return c;
  }();
  return *catalog;
}

const ModelSpec& GetModelSpec(ModelType model) {
  const auto index = static_cast<size_t>(model);
  if (index < ModelCatalog().size()) return ModelCatalog()[index];
  static const ModelSpec unknown{"?", "", "", "", {}};  // a bad cast: no parameters, not classic
  return unknown;
}

const ModelSpec* FindModelSpec(const std::string& model) {
  const std::optional<ModelType> type = EnumFromName<ModelType>(model);
  return type ? &GetModelSpec(*type) : nullptr;
}

const ModelParamSpec* FindParamSpec(ModelType model, const std::string& name) {
  for (const ModelParamSpec& p : GetModelSpec(model).params) {
    if (p.name == name) return &p;
    for (const auto& alias : p.aliases) {
      if (alias == name) return &p;
    }
  }
  return nullptr;
}

bool IsClassicModel(ModelType model) { return GetModelSpec(model).family == "classic"; }

Status ValidateModelParams(const ModelConfig& config) {
  const ModelSpec* spec = &GetModelSpec(config.type);
  for (const auto& [name, value] : config.params) {
    const std::string path = StrCat({"model.params.", name});
    const ModelParamSpec* p = FindParamSpec(config.type, name);
    if (p == nullptr) {
      return Status::InvalidArgument(UnknownParam(*spec, name, path).message());
    }
    if (!p->field.empty()) {
      return Status::InvalidArgument(path + ": " + name + " is set by the field model." +
                                     p->field + ", not in model.params");
    }
    if (p->name != name) {
      return Status::InvalidArgument(path + ": \"" + name + "\" is an alias; write \"" +
                                     p->name + "\"");
    }
    OPTISCOPE_RETURN_IF_ERROR(ValidateParamValue(*p, value, path));
  }
  return Status::Ok();
}

Result<ParamValue> GetModelParam(const ModelConfig& config, const std::string& name) {
  const ModelParamSpec* p = FindParamSpec(config.type, name);
  if (p == nullptr)
    return UnknownParam(GetModelSpec(config.type), name, StrCat({"model.params.", name}));
  if (p->field == "hidden") {
    std::string text;
    for (int w : config.hidden) StrAppend(&text, {text.empty() ? "" : ",", std::to_string(w)});
    return ParamValue(text);
  }
  if (p->field == "activation") return ParamValue(EnumName(config.activation));
  if (p->field == "dropout") return ParamValue(config.dropout);
  if (p->field == "negative_slope") return ParamValue(config.negative_slope);
  const auto it = config.params.find(p->name);
  return it == config.params.end() ? p->default_value : it->second;
}

Status SetModelParam(ModelConfig* config, const std::string& name, const ParamValue& value) {
  const ModelParamSpec* p = FindParamSpec(config->type, name);
  if (p == nullptr) {
    return UnknownParam(GetModelSpec(config->type), name, StrCat({"model.params.", name}));
  }
  const std::string path = p->field.empty() ? StrCat({"model.params.", p->name})
                                            : StrCat({"model.", p->field});
  OPTISCOPE_RETURN_IF_ERROR(ValidateParamValue(*p, value, path));
  if (p->field == "hidden") {
    std::vector<int> widths;
    const std::string& text = std::get<std::string>(value);
    size_t start = 0;
    while (start < text.size()) {
      const size_t comma = text.find(',', start);
      widths.push_back(std::atoi(text.substr(start, comma - start).c_str()));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    config->hidden = std::move(widths);
  } else if (p->field == "activation") {
    // ValidateParamValue checked the name against the choices: ActivationNames(), the table's.
    config->activation = EnumFromName<Activation>(std::get<std::string>(value)).value();
  } else if (p->field == "dropout") {
    config->dropout = std::get<double>(value);
  } else if (p->field == "negative_slope") {
    config->negative_slope = std::get<double>(value);
  } else {
    config->params[p->name] = value;
  }
  return Status::Ok();
}

}  // namespace optiscope
