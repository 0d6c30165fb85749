// The field schema of ExperimentConfig: for every field of every section its JSON path, kind,
// range, choices, default and one-line help (a FieldSpec), and where it lives in the struct.
// It is the one source that the JSON reader and writer (config_json.cpp), the validator
// (config_validate.cpp), the update-rule factory's checks, the CLI's --set and the GUI read.
// model.params are described per model family by the model catalog (model_catalog.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/config/field_spec.h"
#include "engine/core/status.h"

namespace optiscope {

struct ChoiceSlot;

// Where an enumerated field lives (an enum of config_enums.h): it is read and written by the names
// of the enum's table, so the JSON, --set and the GUI's editors all go through that one table.
struct ChoiceRef {
  const std::string& (*get)(const ExperimentConfig&);     // the member's name ("adamw")
  bool (*set)(ExperimentConfig&, std::string_view name);  // false (unchanged): not in the table
  const std::vector<std::string>& (*names)();             // the table's names, in order

  // The member of `config`, as a FieldRef's function returns it.
  ChoiceSlot operator()(ExperimentConfig& config) const;
};

// The enumerated member of one configuration; *slot is its name.
struct ChoiceSlot {
  ChoiceRef ref;
  ExperimentConfig* config;

  const std::string& operator*() const { return ref.get(*config); }
  bool Set(std::string_view name) const { return ref.set(*config, name); }
};

inline ChoiceSlot ChoiceRef::operator()(ExperimentConfig& config) const { return {*this, &config}; }

// Where a field lives: a function from the configuration to the member (a ChoiceRef for enums).
using FieldRef =
    std::variant<std::string* (*)(ExperimentConfig&), double* (*)(ExperimentConfig&),
                 int* (*)(ExperimentConfig&), uint64_t* (*)(ExperimentConfig&),
                 bool* (*)(ExperimentConfig&), std::vector<int>* (*)(ExperimentConfig&),
                 ClassWeights* (*)(ExperimentConfig&), ChoiceRef>;

struct ConfigField {
  FieldSpec spec;       // spec.name is the path: "optimizer.lr", "data.synthetic.kind"
  std::string section;  // the path of the object holding it: "optimizer", "data.synthetic", ""
  std::string key;      // the JSON name inside that object: "lr"
  FieldRef ref;
};

// Every field in file order (the order WriteExperimentConfig writes them). Thread-safe.
const std::vector<ConfigField>& ConfigSchema();

// The field at `path` ("regularization.l1"); nullptr when there is none.
const ConfigField* FindConfigField(const std::string& path);

// The field's current value: numbers and bools as doubles; text, choices (by their table names),
// int lists ("32,16") and class weights ("balanced", "1,2.5") as strings.
ParamValue GetConfigField(const ExperimentConfig& config, const ConfigField& field);

// Checks every field whose path starts with `prefix` ("" = all, "optimizer." = one section)
// against its spec; the first bad value names the error ("optimizer.lr: must be > 0, got 0").
// Cross-field rules (fractions that sum to 1, Nesterov's momentum) are ValidateExperimentConfig's.
Status ValidateConfigFields(const ExperimentConfig& config, const std::string& prefix = "");

// The optimizer section's checks: every field against its spec, and Nesterov momentum only with
// momentum > 0 and dampening 0. Part of ValidateExperimentConfig; MakeUpdateRule
// (engine/optim/update_rule.h) runs it too, so a bad value has one message wherever it is caught.
Status ValidateOptimizerConfig(const OptimizerConfig& optimizer);

// Sets the field at `path` from command-line text: numbers, true/false, words (a choice must be
// a name of its enum's table: InvalidArgument listing them otherwise), whole arrays
// ("[32,16]" or "32,16"; "[]" or "none" for an empty list), class weights ("balanced", "[1,2]",
// "none"). Checks the kind, not the range (validate the whole configuration afterwards).
// InvalidArgument naming the path; NotFound (with did-you-mean) for an unknown path.
Status SetConfigFieldText(ExperimentConfig* config, const std::string& path,
                          const std::string& text);

}  // namespace optiscope
