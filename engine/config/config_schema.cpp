// The ExperimentConfig field table. Defaults are read from a default-constructed ExperimentConfig,
// so the struct's initializers stay the only place that states them.
#include "engine/config/config_schema.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <string_view>
#include <type_traits>

#include "engine/config/config_names.h"
#include "engine/core/closest_name.h"
#include "engine/core/str_cat.h"
#include "engine/core/types.h"

namespace optiscope {
namespace {

#define OPTISCOPE_REF(member) (+[](ExperimentConfig& c) { return &c.member; })

// Sets *out to the value named `name` of its enum's table; false (unchanged) if there is none.
template <class E>
bool SetEnumByName(E* out, std::string_view name) {
  const std::optional<E> value = EnumFromName<E>(name);
  if (value) *out = *value;
  return value.has_value();
}

// The ChoiceRef of an enum member: its table's names in and out.
#define OPTISCOPE_CHOICE(member)                                                                  \
  (ChoiceRef{                                                                                     \
      +[](const ExperimentConfig& c) -> const std::string& { return EnumName(c.member); },        \
      +[](ExperimentConfig& c, std::string_view name) { return SetEnumByName(&c.member, name); }, \
      +[]() -> const std::vector<std::string>& {                                                  \
        return EnumNames<std::remove_cvref_t<decltype(ExperimentConfig().member)>>();             \
      }})

FieldKind KindOf(const FieldRef& ref) {
  switch (ref.index()) {
    case 0:
      return FieldKind::kText;
    case 1:
      return FieldKind::kFloat;
    case 2:
    case 3:
      return FieldKind::kInt;
    case 4:
      return FieldKind::kBool;
    case 5:
      return FieldKind::kIntList;
    case 6:
      return FieldKind::kClassWeights;
    default:
      return FieldKind::kChoice;
  }
}

// Collects the fields in file order; every Add* call describes one field.
class SchemaBuilder {
 public:
  // A number field (double, int or uint64) in [lo, hi] (ends open as told; infinite ends open).
  void Num(const std::string& path, FieldRef ref, double lo, double hi, std::string help,
           bool lo_open = false, bool hi_open = false) {
    FieldSpec& s = Add(path, ref, std::move(help));
    s.min = lo;
    s.max = hi;
    s.min_open = lo_open || std::isinf(lo);
    s.max_open = hi_open || std::isinf(hi);
  }
  void AtLeast(const std::string& path, FieldRef ref, double lo, std::string help) {
    Num(path, ref, lo, kInf, std::move(help));
  }
  void Positive(const std::string& path, FieldRef ref, std::string help) {
    Num(path, ref, 0, kInf, std::move(help), true);
  }
  // An enum field: its choices are the names of the enum's table.
  void Choice(const std::string& path, ChoiceRef ref, std::string help) {
    FieldSpec& s = Add(path, ref, std::move(help));
    s.choices = ref.names();
  }
  // Text, bool and class-weight fields: no range.
  void Plain(const std::string& path, FieldRef ref, std::string help) {
    Add(path, ref, std::move(help));
  }
  FieldSpec& Last() { return fields_.back().spec; }
  std::vector<ConfigField> Take() { return std::move(fields_); }

 private:
  FieldSpec& Add(const std::string& path, FieldRef ref, std::string help) {
    ConfigField f;
    f.spec.name = path;
    f.spec.kind = KindOf(ref);
    f.spec.help = std::move(help);
    const size_t dot = path.rfind('.');
    f.section = dot == std::string::npos ? "" : path.substr(0, dot);
    f.key = dot == std::string::npos ? path : path.substr(dot + 1);
    f.ref = ref;
    f.spec.default_value = GetConfigField(defaults_, f);
    fields_.push_back(std::move(f));
    return fields_.back().spec;
  }

  const ExperimentConfig defaults_{};
  std::vector<ConfigField> fields_;
};

void AddData(SchemaBuilder& b) {
  b.Plain("data.source", OPTISCOPE_REF(data.source),
          "a built-in dataset, a CSV path, or \"synthetic\"");
  b.Plain("data.target", OPTISCOPE_REF(data.target), "target column; empty = the last column");
  b.Plain("data.drop_columns", OPTISCOPE_REF(data.drop_columns),
          "comma-separated columns left out of the features (ids, copies of the target)");
  b.Choice("data.task", OPTISCOPE_CHOICE(data.task), "auto decides from the target");
  b.Choice("data.missing", OPTISCOPE_CHOICE(data.missing),
           "imputation of missing values (drop: drop the rows)");
  b.Choice("data.scaling", OPTISCOPE_CHOICE(data.scaling),
           "feature scaling, fitted on the training rows");
  b.Num("data.validation_fraction", OPTISCOPE_REF(data.validation_fraction), 0, 1,
        "share of rows held out for validation", false, true);
  b.Num("data.test_fraction", OPTISCOPE_REF(data.test_fraction), 0, 1,
        "share of rows held out for the test", false, true);
  b.Plain("data.stratify", OPTISCOPE_REF(data.stratify), "keep class shares in every split");
  b.AtLeast("data.split_seed", OPTISCOPE_REF(data.split_seed), 0, "seed of the split");
  b.Choice("data.synthetic.kind", OPTISCOPE_CHOICE(data.synthetic.kind),
           "generator of the synthetic dataset");
  b.AtLeast("data.synthetic.n", OPTISCOPE_REF(data.synthetic.n), 1, "rows");
  b.AtLeast("data.synthetic.noise", OPTISCOPE_REF(data.synthetic.noise), 0,
            "standard deviation of the Gaussian noise");
  b.AtLeast("data.synthetic.seed", OPTISCOPE_REF(data.synthetic.seed), 0, "generator seed");
  b.AtLeast("data.synthetic.classes", OPTISCOPE_REF(data.synthetic.classes), 2,
            "blobs and spirals: number of classes");
  b.AtLeast("data.synthetic.features", OPTISCOPE_REF(data.synthetic.features), 1,
            "blobs and linear: number of features");
}

void AddModelAndLoss(SchemaBuilder& b) {
  b.Choice("model.type", OPTISCOPE_CHOICE(model.type),
           "model family (the models command lists their parameters)");
  b.AtLeast("model.hidden", OPTISCOPE_REF(model.hidden), 1,
            "mlp: hidden layer widths (may be empty)");
  b.Choice("model.activation", OPTISCOPE_CHOICE(model.activation),
           "mlp: nonlinearity after each hidden layer");
  b.Num("model.dropout", OPTISCOPE_REF(model.dropout), 0, 1,
        "mlp: probability of zeroing a hidden unit in training", false, true);
  b.AtLeast("model.negative_slope", OPTISCOPE_REF(model.negative_slope), 0,
            "mlp, leaky_relu: slope for negative inputs");
  b.Choice("loss.type", OPTISCOPE_CHOICE(loss.type),
           "training criterion (auto: cross_entropy or mse by task; docs/losses.md)");
  b.Positive("loss.huber_delta", OPTISCOPE_REF(loss.huber_delta),
             "huber: quadratic within |p - y| <= delta");
  b.AtLeast("loss.focal_gamma", OPTISCOPE_REF(loss.focal_gamma), 0, "focal: focusing exponent");
  b.Num("loss.focal_alpha", OPTISCOPE_REF(loss.focal_alpha), -kInf, 1,
        "focal, 2 classes: weight of class 1; negative = off");
  b.Last().range_note = "negative = off";
  b.Num("loss.label_smoothing", OPTISCOPE_REF(loss.label_smoothing), 0, 1,
        "cross_entropy, bce: label smoothing");
  b.Plain("loss.class_weights", OPTISCOPE_REF(loss.class_weights),
          "cross_entropy, bce, hinge, focal: \"balanced\" or one weight per class");
  b.Last().min = 0;
  b.Plain("loss.expression", OPTISCOPE_REF(loss.expression),
          "custom: a formula of p and y, e.g. abs(p - y)^1.5");
}

void AddRegularization(SchemaBuilder& b) {
  b.AtLeast("regularization.l2", OPTISCOPE_REF(regularization.l2), 0,
            "adds (l2/2)*||w||^2 over the weights");
  b.AtLeast("regularization.l1", OPTISCOPE_REF(regularization.l1), 0,
            "adds l1*||w||_1 over the weights (proximal step)");
  b.AtLeast("regularization.clip_grad_norm", OPTISCOPE_REF(regularization.clip_grad_norm), 0,
            "> 0: rescale the gradient to at most this L2 norm");
  b.AtLeast("regularization.clip_grad_value", OPTISCOPE_REF(regularization.clip_grad_value), 0,
            "> 0: clamp each gradient component to [-v, v]");
  b.AtLeast("regularization.early_stopping_patience",
            OPTISCOPE_REF(regularization.early_stopping_patience), 0,
            "> 0: stop after this many epochs without improvement");
  b.AtLeast("regularization.early_stopping_min_delta",
            OPTISCOPE_REF(regularization.early_stopping_min_delta), 0,
            "improvement that counts for early stopping");
  b.Choice("regularization.early_stopping_monitor",
           OPTISCOPE_CHOICE(regularization.early_stopping_monitor), "what early stopping watches");
}

void AddOptimizer(SchemaBuilder& b) {
  b.Choice("optimizer.type", OPTISCOPE_CHOICE(optimizer.type), "update rule (PyTorch semantics)");
  b.Positive("optimizer.lr", OPTISCOPE_REF(optimizer.lr), "learning rate");
  b.Last().log_scale = true;
  b.AtLeast("optimizer.momentum", OPTISCOPE_REF(optimizer.momentum), 0,
            "sgd family, rmsprop: momentum factor");
  b.Num("optimizer.dampening", OPTISCOPE_REF(optimizer.dampening), 0, 1,
        "sgd family: dampening of the momentum");
  b.Plain("optimizer.nesterov", OPTISCOPE_REF(optimizer.nesterov),
          "sgd family: Nesterov momentum");
  b.Num("optimizer.beta1", OPTISCOPE_REF(optimizer.beta1), 0, 1,
        "adam family, nadam: first-moment decay", false, true);
  b.Num("optimizer.beta2", OPTISCOPE_REF(optimizer.beta2), 0, 1,
        "adam family, nadam: second-moment decay", false, true);
  b.AtLeast("optimizer.eps", OPTISCOPE_REF(optimizer.eps), 0, "denominator guard");
  b.AtLeast("optimizer.weight_decay", OPTISCOPE_REF(optimizer.weight_decay), 0,
            "L2 weight decay (adamw: decoupled)");
  b.Plain("optimizer.amsgrad", OPTISCOPE_REF(optimizer.amsgrad), "adam, adamw: AMSGrad variant");
  b.Num("optimizer.alpha", OPTISCOPE_REF(optimizer.alpha), 0, 1, "rmsprop: smoothing constant");
  b.Plain("optimizer.centered", OPTISCOPE_REF(optimizer.centered), "rmsprop: centered variant");
  b.AtLeast("optimizer.lr_decay", OPTISCOPE_REF(optimizer.lr_decay), 0, "adagrad: rate decay");
  b.AtLeast("optimizer.initial_accumulator", OPTISCOPE_REF(optimizer.initial_accumulator), 0,
            "adagrad: initial sum of squares");
  b.AtLeast("optimizer.momentum_decay", OPTISCOPE_REF(optimizer.momentum_decay), 0,
            "nadam: momentum decay");
  b.AtLeast("optimizer.hypergrad_beta", OPTISCOPE_REF(optimizer.hypergrad_beta), 0,
            "sgd_hd, adam_hd: learning rate of the learning rate");
  b.AtLeast("optimizer.history_size", OPTISCOPE_REF(optimizer.history_size), 1,
            "lbfgs: number of curvature pairs kept");
}

void AddSchedule(SchemaBuilder& b) {
  b.Choice("schedule.type", OPTISCOPE_CHOICE(schedule.type),
           "learning-rate schedule, stepped per epoch (one_cycle: per batch)");
  b.AtLeast("schedule.step_size", OPTISCOPE_REF(schedule.step_size), 1,
            "step: epochs between decays");
  b.Positive("schedule.gamma", OPTISCOPE_REF(schedule.gamma), "step, exponential: decay factor");
  b.AtLeast("schedule.eta_min", OPTISCOPE_REF(schedule.eta_min), 0, "cosine: final rate");
  b.AtLeast("schedule.t_max", OPTISCOPE_REF(schedule.t_max), 0,
            "cosine: half-period in epochs; 0 = the run's epochs");
  b.AtLeast("schedule.warmup_epochs", OPTISCOPE_REF(schedule.warmup_epochs), 0,
            "warmup: linear warm-up length");
  b.Num("schedule.start_factor", OPTISCOPE_REF(schedule.start_factor), 0, 1,
        "warmup: first rate = lr * start_factor", true, false);
  b.AtLeast("schedule.max_lr", OPTISCOPE_REF(schedule.max_lr), 0,
            "one_cycle: peak rate (0 = the optimizer's lr)");
  b.Num("schedule.pct_start", OPTISCOPE_REF(schedule.pct_start), 0, 1,
        "one_cycle: share of the cycle spent increasing", true, true);
  b.Positive("schedule.div_factor", OPTISCOPE_REF(schedule.div_factor),
             "one_cycle: initial = max_lr / div_factor");
  b.Positive("schedule.final_div_factor", OPTISCOPE_REF(schedule.final_div_factor),
             "one_cycle: final = initial / final_div_factor");
  b.Plain("schedule.cycle_momentum", OPTISCOPE_REF(schedule.cycle_momentum),
          "one_cycle: also cycle momentum / beta1");
  b.Num("schedule.base_momentum", OPTISCOPE_REF(schedule.base_momentum), 0, 1,
        "one_cycle: momentum at the peak rate", false, true);
  b.Num("schedule.max_momentum", OPTISCOPE_REF(schedule.max_momentum), 0, 1,
        "one_cycle: momentum at the start and the end", false, true);
  b.Num("schedule.factor", OPTISCOPE_REF(schedule.factor), 0, 1,
        "plateau: multiply the rate by this on a plateau", true, true);
  b.AtLeast("schedule.patience", OPTISCOPE_REF(schedule.patience), 0,
            "plateau: epochs without improvement before reducing");
  b.AtLeast("schedule.threshold", OPTISCOPE_REF(schedule.threshold), 0,
            "plateau: relative improvement that counts");
}

void AddTraining(SchemaBuilder& b) {
  b.AtLeast("training.epochs", OPTISCOPE_REF(training.epochs), 1, "passes over the data");
  b.AtLeast("training.batch_size", OPTISCOPE_REF(training.batch_size), 0, "mini-batch size");
  b.Last().range_note = "0 = full batch";
  b.AtLeast("training.seed", OPTISCOPE_REF(training.seed), 0,
            "seed of the initial weights, dropout and batch order");
  b.AtLeast("training.projection_every", OPTISCOPE_REF(training.projection_every), 0,
            "> 0: publish a PCA projection of the last hidden layer every N epochs");
}

void AddFeatures(SchemaBuilder& b) {
  b.AtLeast("features.seed", OPTISCOPE_REF(features.seed), 0,
            "seed of mutual information, tree ties, randomized PCA, landmarks");
  b.Choice("features.extract.method", OPTISCOPE_CHOICE(features.extract.method),
           "feature extraction");
  b.AtLeast("features.extract.degree", OPTISCOPE_REF(features.extract.degree), 1,
            "polynomial: degree");
  b.Plain("features.extract.interaction_only", OPTISCOPE_REF(features.extract.interaction_only),
          "polynomial: products of distinct features only");
  b.AtLeast("features.extract.bins", OPTISCOPE_REF(features.extract.bins), 2, "binning: bins");
  b.Choice("features.extract.strategy", OPTISCOPE_CHOICE(features.extract.strategy),
           "binning: edges");
  b.Choice("features.select.method", OPTISCOPE_CHOICE(features.select.method), "feature selection");
  b.Choice("features.select.score", OPTISCOPE_CHOICE(features.select.score), "kbest: score");
  b.AtLeast("features.select.k", OPTISCOPE_REF(features.select.k), 1,
            "kbest, rfe: features kept");
  b.AtLeast("features.select.threshold", OPTISCOPE_REF(features.select.threshold), 0,
            "variance: minimum variance kept");
  b.Choice("features.select.estimator", OPTISCOPE_CHOICE(features.select.estimator),
           "rfe: ranking model");
  b.Positive("features.select.alpha", OPTISCOPE_REF(features.select.alpha),
             "l1: penalty strength");
  b.Choice("features.pca.method", OPTISCOPE_CHOICE(features.pca.method), "dimension reduction");
  b.AtLeast("features.pca.n_components", OPTISCOPE_REF(features.pca.n_components), 1,
            "components kept");
  b.Choice("features.pca.solver", OPTISCOPE_CHOICE(features.pca.solver), "pca: solver");
  b.Plain("features.pca.whiten", OPTISCOPE_REF(features.pca.whiten),
          "pca: scale components to unit variance");
  b.Choice("features.pca.kernel", OPTISCOPE_CHOICE(features.pca.kernel), "kpca: kernel");
  b.AtLeast("features.pca.gamma", OPTISCOPE_REF(features.pca.gamma), 0,
            "kpca: kernel width; 0 = 1 / n_features");
  b.AtLeast("features.pca.degree", OPTISCOPE_REF(features.pca.degree), 1, "kpca poly: degree");
  b.Num("features.pca.coef0", OPTISCOPE_REF(features.pca.coef0), -kInf, kInf,
        "kpca poly, sigmoid: constant");
  b.AtLeast("features.pca.landmarks", OPTISCOPE_REF(features.pca.landmarks), 0,
            "kpca: > 0 Nystroem landmarks; 0 exact up to 5000 rows");
}

std::vector<ConfigField> BuildSchema() {
  SchemaBuilder b;
  b.Num("version", OPTISCOPE_REF(version), 1, 1, "schema version of the JSON form");
  b.Plain("name", OPTISCOPE_REF(name), "label of the run");
  AddData(b);
  AddModelAndLoss(b);
  AddRegularization(b);
  AddOptimizer(b);
  AddSchedule(b);
  AddTraining(b);
  AddFeatures(b);
  return b.Take();
}

std::string JoinInts(const std::vector<int>& values) {
  std::string text;
  for (int v : values) text += (text.empty() ? "" : ",") + std::to_string(v);
  return text;
}

Status Expects(const std::string& path, const char* what, const std::string& text) {
  return Status::InvalidArgument(path + ": expected " + what + ", got '" + text + "'");
}

// "[32, 16]", "32,16" -> {"32", "16"}; "[]", "", "none" -> {}.
std::vector<std::string> ListItems(std::string text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  std::vector<std::string> items;
  if (text == "none") return items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty() || comma < text.size()) items.push_back(item);
    start = comma + 1;
  }
  return items;
}

template <class T>
bool ParseWhole(const std::string& text, T* out) {
  const char* end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, *out);
  return !text.empty() && result.ec == std::errc() && result.ptr == end;
}

bool ParseReal(const std::string& text, double* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// The text forms of SetConfigFieldText, one per member type.
struct TextSetter {
  const std::string& path;
  const std::string& text;

  Status operator()(const ChoiceSlot& out) const {
    if (out.Set(text)) return Status::Ok();
    return Status::InvalidArgument(NotOneOfMessage(path, text, out.ref.names()));
  }
  Status operator()(std::string* out) const {
    *out = text;
    return Status::Ok();
  }
  Status operator()(double* out) const {
    return ParseReal(text, out) ? Status::Ok() : Expects(path, "a number", text);
  }
  Status operator()(int* out) const {
    return ParseWhole(text, out) ? Status::Ok() : Expects(path, "a whole number", text);
  }
  Status operator()(uint64_t* out) const {
    return ParseWhole(text, out) ? Status::Ok() : Expects(path, "a non-negative integer", text);
  }
  Status operator()(bool* out) const {
    if (text != "true" && text != "false" && text != "1" && text != "0") {
      return Expects(path, "true or false", text);
    }
    *out = text == "true" || text == "1";
    return Status::Ok();
  }
  Status operator()(std::vector<int>* out) const {
    std::vector<int> values;
    for (const std::string& item : ListItems(text)) {
      int v = 0;
      if (!ParseWhole(item, &v)) return Expects(path, "whole numbers such as [32,16]", text);
      values.push_back(v);
    }
    *out = std::move(values);
    return Status::Ok();
  }
  Status operator()(ClassWeights* out) const {
    ClassWeights w;
    if (text == "balanced") {
      w.balanced = true;
    } else {
      for (const std::string& item : ListItems(text)) {
        double v = 0;
        if (!ParseReal(item, &v)) {
          return Expects(path, "\"balanced\" or numbers such as [1,2]", text);
        }
        w.values.push_back(v);
      }
    }
    *out = std::move(w);
    return Status::Ok();
  }
};

// The range and choice check of one field's value.
struct FieldChecker {
  const FieldSpec& spec;

  // An enum holds a name of its table unless it was cast from a bad integer (EnumName: "?").
  Status operator()(const ChoiceSlot& v) const { return CheckChoice(spec, *v, spec.name); }
  Status operator()(const std::string* v) const {
    return spec.kind == FieldKind::kChoice ? CheckChoice(spec, *v, spec.name) : Status::Ok();
  }
  Status operator()(const double* v) const { return CheckNumber(spec, *v, spec.name); }
  Status operator()(const int* v) const { return CheckNumber(spec, *v, spec.name); }
  Status operator()(const uint64_t* v) const {
    return CheckNumber(spec, static_cast<double>(*v), spec.name);
  }
  Status operator()(const bool*) const { return Status::Ok(); }
  Status operator()(const std::vector<int>* v) const {
    for (size_t i = 0; i < v->size(); ++i) {
      OPTISCOPE_RETURN_IF_ERROR(
          CheckNumber(spec, (*v)[i], spec.name + "[" + std::to_string(i) + "]"));
    }
    return Status::Ok();
  }
  Status operator()(const ClassWeights* v) const {
    for (size_t i = 0; i < v->values.size(); ++i) {
      OPTISCOPE_RETURN_IF_ERROR(
          CheckNumber(spec, v->values[i], spec.name + "[" + std::to_string(i) + "]"));
    }
    return Status::Ok();
  }
};

}  // namespace

const std::vector<ConfigField>& ConfigSchema() {
  static const auto* schema = new std::vector<ConfigField>(BuildSchema());
  return *schema;
}

const ConfigField* FindConfigField(const std::string& path) {
  static const auto* index = [] {
    auto* map = new std::map<std::string, const ConfigField*>();
    for (const ConfigField& f : ConfigSchema()) (*map)[f.spec.name] = &f;
    return map;
  }();
  const auto it = index->find(path);
  return it == index->end() ? nullptr : it->second;
}

ParamValue GetConfigField(const ExperimentConfig& config, const ConfigField& field) {
  // The refs only take the member's address; nothing is written through it here.
  auto& c = const_cast<ExperimentConfig&>(config);
  return std::visit(
      [&](auto ref) -> ParamValue {
        const auto& v = *ref(c);
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, std::vector<int>>) {
          return JoinInts(v);
        } else if constexpr (std::is_same_v<T, ClassWeights>) {
          if (v.balanced) return std::string("balanced");
          std::string text;
          for (double w : v.values) text += (text.empty() ? "" : ",") + FormatNumber(w);
          return text;
        } else {
          return static_cast<double>(v);
        }
      },
      field.ref);
}

Status ValidateConfigFields(const ExperimentConfig& config, const std::string& prefix) {
  auto& c = const_cast<ExperimentConfig&>(config);  // read-only, as in GetConfigField
  for (const ConfigField& field : ConfigSchema()) {
    if (field.spec.name.compare(0, prefix.size(), prefix) != 0) continue;
    const FieldChecker check{field.spec};
    OPTISCOPE_RETURN_IF_ERROR(std::visit([&](auto ref) { return check(ref(c)); }, field.ref));
  }
  return Status::Ok();
}

Status SetConfigFieldText(ExperimentConfig* config, const std::string& path,
                          const std::string& text) {
  const ConfigField* field = FindConfigField(path);
  if (field == nullptr) {
    std::vector<std::string> paths;
    for (const ConfigField& f : ConfigSchema()) paths.push_back(f.spec.name);
    std::string message = path + ": no such field";
    const std::string hint = ClosestName(path, paths);
    if (!hint.empty()) StrAppend(&message, {" (did you mean \"", hint, "\"?)"});
    return Status::NotFound(message);
  }
  const TextSetter set{path, text};
  return std::visit([&](auto ref) { return set(ref(*config)); }, field->ref);
}

}  // namespace optiscope
