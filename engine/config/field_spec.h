// FieldSpec: the typed description of one configuration value -- its kind, range, choices,
// default and one-line help. The experiment's fields (config_schema.h) and the model families'
// hyperparameters (model_catalog.h) are both described by it, so the JSON reader, the validator,
// the CLI's --set / --param and the GUI's generated editors share one check and one message per
// bad value: "<path>: must be >= 0, got -1", "<path>: \"adamm\" is not one of gd, sgd, ...".
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "engine/config/param_value.h"
#include "engine/core/status.h"

namespace optiscope {

enum class FieldKind {
  kInt,             // a whole number in [min, max]
  kFloat,           // a number in [min, max] (ends open when min_open / max_open)
  kBool,            // 0 or 1 (true / false)
  kChoice,          // one of `choices`
  kChoiceOrNumber,  // one of `choices`, or a number in [min, max]
  kIntList,         // whole numbers >= min ("128,64" as text; empty = none)
  kText,            // free text (a path, a name, a formula)
  kClassWeights,    // loss.class_weights: "balanced" or numbers >= 0, one per class
};

// "int" | "float" | "bool" | "choice" | "choice|number" | "int list" | "text" | "weights".
const char* FieldKindName(FieldKind kind);

struct FieldSpec {
  static constexpr double kInf = std::numeric_limits<double>::infinity();

  std::string name;  // a model parameter's name ("n_estimators") or a field's path ("optimizer.lr")
  FieldKind kind = FieldKind::kFloat;
  ParamValue default_value;  // a double for numbers and bools, a string for the others
  double min = -kInf;        // an infinite end is open: the value must be finite
  double max = kInf;
  bool min_open = false;
  bool max_open = false;
  bool log_scale = false;            // spans decades: editors step multiplicatively
  std::vector<std::string> choices;  // kChoice, kChoiceOrNumber
  std::string help;                  // one line
  std::string range_note;  // said after the range in messages, e.g. "0 = full batch"
};

// The value as the CLI and docs show it: "0.1", "sqrt", "128,64", "1" (bools as 0/1).
std::string FormatParamValue(const ParamValue& value);
// The shortest text that reads back as `v` ("0.001", "1e-08", "inf").
std::string FormatNumber(double v);

// What the spec accepts, for listings and tooltips: "[1, 1000000]", "(0, inf)",
// "rbf | poly | linear", "all | sqrt | log2 or (0, inf)", "0 | 1".
std::string DescribeParamRange(const FieldSpec& spec);

// Converts command-line text to the value the spec's kind stores (numbers for kInt/kFloat/kBool,
// "true"/"false" accepted for bools; a number or a choice for kChoiceOrNumber; text otherwise).
// Does not range check (ValidateParamValue does). InvalidArgument saying what was expected.
Result<ParamValue> ParseParamText(const FieldSpec& spec, const std::string& text);

// Checks a value against its spec: kind, range, choices (with a did-you-mean for misspelled
// words). InvalidArgument "<path>: must be ..., got ..." or "<path>: \"x\" is not one of ...".
Status ValidateParamValue(const FieldSpec& spec, const ParamValue& value, const std::string& path);

// The range check of one number, as ValidateParamValue words it for kInt and kFloat specs.
Status CheckNumber(const FieldSpec& spec, double value, const std::string& path);

// The choice check of one word, as ValidateParamValue words it for kChoice specs.
Status CheckChoice(const FieldSpec& spec, const std::string& value, const std::string& path);

}  // namespace optiscope
