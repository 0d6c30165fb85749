// The model catalog: every model family a configuration can name (differentiable and classic),
// with a typed description (a FieldSpec, field_spec.h) of each hyperparameter. The CLI's `models`
// command, `--param`, the configuration validator and the GUI's generated editors all read this
// one table; the experiment's own fields are described the same way in config_schema.h.
#pragma once

#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/config/field_spec.h"
#include "engine/config/param_value.h"
#include "engine/core/status.h"

namespace optiscope {

// One hyperparameter of one model family.
struct ModelParamSpec : FieldSpec {
  // Non-empty when the value lives in a ModelConfig field ("hidden", "activation", "dropout")
  // rather than in ModelConfig::params.
  std::string field;
  std::vector<std::string> aliases;  // other accepted names, e.g. "n_trees"
};

struct ModelSpec {
  std::string name;     // "random_forest": EnumName(type)
  std::string family;   // "differentiable" (trained by an optimizer) | "classic" (fitted at once)
  std::string tasks;    // "classification" | "regression" | "both"
  std::string summary;  // one line
  std::vector<ModelParamSpec> params;
  ModelType type = ModelType::kMlp;  // set by ModelCatalog() from the name
};

// Every model, one per ModelType in its order (documentation order): linear, logistic, mlp,
// linear_svm, kernel_svm, tree, random_forest, gradient_boosting, knn. Thread-safe (immutable).
const std::vector<ModelSpec>& ModelCatalog();
// The catalog entry of `model` (an empty entry named "?" for a value outside the enum's table).
const ModelSpec& GetModelSpec(ModelType model);
// The entry named `model` ("random_forest"); nullptr for an unknown name.
const ModelSpec* FindModelSpec(const std::string& model);
// The parameter `name` (or one of its aliases) of `model`; nullptr when unknown.
const ModelParamSpec* FindParamSpec(ModelType model, const std::string& name);
// True for the models fitted through an Estimator (engine/models/classic).
bool IsClassicModel(ModelType model);

// FormatParamValue, DescribeParamRange, ParseParamText and ValidateParamValue: field_spec.h.

// Checks config.params against config.type's catalog entry: every name known (did-you-mean
// otherwise; field-backed names are rejected with the field to use), every value valid. Paths
// start "model.params.". InvalidArgument.
Status ValidateModelParams(const ModelConfig& config);

// The current value of `name` for config.type: the field for field-backed parameters, the map
// entry, or the catalog default. NotFound for a name the model does not have.
Result<ParamValue> GetModelParam(const ModelConfig& config, const std::string& name);
// Sets `name` (an alias is stored under the canonical name) after ValidateParamValue; field-backed
// parameters write their field. Errors: NotFound (unknown name, with did-you-mean),
// InvalidArgument (bad value, path "model.params.<name>").
Status SetModelParam(ModelConfig* config, const std::string& name, const ParamValue& value);

}  // namespace optiscope
