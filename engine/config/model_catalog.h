// The model catalog: every model family a configuration can name (differentiable and classic),
// with a typed description of each hyperparameter. The CLI's `models` command, `--param`, the
// configuration validator and the GUI's generated editors all read this one table.
#pragma once

#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/config/param_value.h"
#include "engine/core/status.h"

namespace optiscope {

enum class ParamKind {
  kInt,             // a whole number in [min, max]
  kFloat,           // a number in [min, max] (ends open when min_open / max_open)
  kBool,            // 0 or 1 (true / false)
  kChoice,          // one of `choices`
  kChoiceOrNumber,  // one of `choices`, or a number in [min, max]
  kIntList,         // comma-separated whole numbers >= 1 ("128,64"; empty = none)
};

// "int" | "float" | "bool" | "choice" | "choice|number" | "int list".
const char* ParamKindName(ParamKind kind);

// One hyperparameter of one model family.
struct ModelParamSpec {
  std::string name;  // "n_estimators"
  ParamKind kind = ParamKind::kFloat;
  ParamValue default_value;  // a double for numbers and bools, a string for choices and lists
  double min = 0.0;
  double max = 0.0;
  bool min_open = false;
  bool max_open = false;
  bool log_scale = false;            // spans decades: editors step multiplicatively
  std::vector<std::string> choices;  // kChoice, kChoiceOrNumber
  std::string help;                  // one line
  // Non-empty when the value lives in a ModelConfig field ("hidden", "activation", "dropout")
  // rather than in ModelConfig::params.
  std::string field;
  std::vector<std::string> aliases;  // other accepted names, e.g. "n_trees"
};

struct ModelSpec {
  std::string name;     // "random_forest"
  std::string family;   // "differentiable" (trained by an optimizer) | "classic" (fitted at once)
  std::string tasks;    // "classification" | "regression" | "both"
  std::string summary;  // one line
  std::vector<ModelParamSpec> params;
};

// Every model, in documentation order: linear, logistic, mlp, linear_svm, kernel_svm, tree,
// random_forest, gradient_boosting, knn. Thread-safe (immutable).
const std::vector<ModelSpec>& ModelCatalog();
// nullptr for an unknown name.
const ModelSpec* FindModelSpec(const std::string& model);
// The parameter `name` (or one of its aliases) of `model`; nullptr when unknown.
const ModelParamSpec* FindParamSpec(const std::string& model, const std::string& name);
// True for the models fitted through an Estimator (engine/models/classic).
bool IsClassicModel(const std::string& model);

// "0.1", "sqrt", "128,64", "1" (bools as 0/1): the value as the CLI and docs show it.
std::string FormatParamValue(const ParamValue& value);
// "[1, 1000000]", "(0, inf)", "rbf | poly | linear", "all | sqrt | log2 or (0, inf)", "0 | 1".
std::string DescribeParamRange(const ModelParamSpec& spec);

// Converts command-line text to the value the spec's kind stores (numbers for kInt/kFloat/kBool,
// "true"/"false" accepted for bools; a number or a choice for kChoiceOrNumber). Does not range
// check (ValidateParamValue does). InvalidArgument saying what was expected.
Result<ParamValue> ParseParamText(const ModelParamSpec& spec, const std::string& text);

// Checks a value against its spec. InvalidArgument "<path>: must be ..., got ..." (kind, range,
// choices with a did-you-mean for misspelled words).
Status ValidateParamValue(const ModelParamSpec& spec, const ParamValue& value,
                          const std::string& path);

// Checks config.params against config.type's catalog entry: every name known (did-you-mean
// otherwise; field-backed names are rejected with the field to use), every value valid. Paths
// start "model.params.". InvalidArgument; Ok for an unknown type (the type check reports it).
Status ValidateModelParams(const ModelConfig& config);

// The current value of `name` for config.type: the field for field-backed parameters, the map
// entry, or the catalog default. NotFound for a name the model does not have.
Result<ParamValue> GetModelParam(const ModelConfig& config, const std::string& name);
// Sets `name` (an alias is stored under the canonical name) after ValidateParamValue; field-backed
// parameters write their field. Errors: NotFound (unknown name, with did-you-mean),
// InvalidArgument (bad value, path "model.params.<name>").
Status SetModelParam(ModelConfig* config, const std::string& name, const ParamValue& value);

}  // namespace optiscope
