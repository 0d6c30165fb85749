// SearchSpace: the hyperparameters a study searches (float/int/categorical, log scale, steps,
// conditional parameters) and ParamSet, one trial's assignment of values to them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/events/study_events.h"

namespace optiscope {

enum class ParamKind { kFloat, kInt, kCategorical };

// A parameter is active only when its parent (declared earlier in the space) is active and
// takes one of `values`: choice labels for a categorical parent, numbers written as text
// ("2", "0.5") for a numeric parent. Chains (a child of a child) are allowed.
struct ParamCondition {
  std::string parent;
  std::vector<std::string> values;
};

// One hyperparameter. Float: [low, high], log scale optional, step > 0 makes it discrete
// (low + k*step). Int: integers in [low, high], step >= 1 (default 1), log optional (step 1
// only). Categorical: index into `choices`.
struct ParamSpec {
  std::string name;
  ParamKind kind = ParamKind::kFloat;
  double low = 0.0;
  double high = 1.0;
  bool log = false;
  double step = 0.0;  // 0: continuous float; int: 0 means 1
  std::vector<std::string> choices;
  std::optional<ParamCondition> condition;

  // Filled by SearchSpace::Add: the parent's index in the space and its accepted values
  // (categorical index or number).
  int parent_index = -1;
  std::vector<double> parent_values;

  bool IsCategorical() const { return kind == ParamKind::kCategorical; }
  // Number of categories (categorical) else 0.
  int NumChoices() const { return static_cast<int>(choices.size()); }
  // The step in the parameter's own units: 0 for continuous floats, >= 1 for ints.
  double EffectiveStep() const { return kind == ParamKind::kInt ? (step > 0 ? step : 1.0) : step; }
  // Rounds `v` to the nearest legal value (clamped, snapped to the step / integer grid).
  double Snap(double v) const;
  // True when `v` is a legal value of this parameter (within 1e-9 relative).
  bool Contains(double v) const;
};

// Convenience constructors.
ParamSpec FloatParam(std::string name, double low, double high, bool log = false,
                     double step = 0.0);
ParamSpec IntParam(std::string name, int64_t low, int64_t high, bool log = false, int64_t step = 1);
ParamSpec CategoricalParam(std::string name, std::vector<std::string> choices);
// Returns `spec` made conditional on `parent` taking one of `values`.
ParamSpec When(ParamSpec spec, std::string parent, std::vector<std::string> values);

// One trial's assignment: parameter name -> value (numeric value, or categorical index).
// Inactive conditional parameters are absent.
using ParamSet = std::map<std::string, double>;

// An ordered list of validated parameters. Value type; immutable once built.
class SearchSpace {
 public:
  SearchSpace() = default;

  // Validates and appends. Errors (kInvalidArgument, naming the parameter): empty or duplicate
  // name, low >= high, log with low <= 0, negative step, step that does not divide the range,
  // int bounds not integers, fewer than 1 choice or duplicate choices, unknown parent or a
  // parent declared later, a condition value that is not a parent value.
  Status Add(ParamSpec spec);
  // Builds a space from `specs` in order (first error wins).
  static Result<SearchSpace> Create(std::vector<ParamSpec> specs);

  const std::vector<ParamSpec>& params() const { return params_; }
  int size() const { return static_cast<int>(params_.size()); }
  bool empty() const { return params_.empty(); }
  // Index of `name`, or -1.
  int Find(const std::string& name) const;
  // True when parameter `index` is active under `params` (all its ancestors set to accepted
  // values). Unconditional parameters are always active.
  bool IsActive(int index, const ParamSet& params) const;
  bool HasConditions() const;
  // True when every parameter is float or int (no categorical, no condition).
  bool IsContinuous() const;

  // Checks an assignment: every active parameter present with a legal value, no inactive or
  // unknown parameter present.
  Status Validate(const ParamSet& params) const;
  // True when `params` belongs to this space (Validate ok). Samplers use only such trials.
  bool Contains(const ParamSet& params) const { return Validate(params).ok(); }

  // Events <-> ParamSet (categorical labels filled from choices; order of the space).
  std::vector<TrialParam> ToTrialParams(const ParamSet& params) const;
  ParamSet FromTrialParams(const std::vector<TrialParam>& params) const;
  // "name=value" text of one value (choice label for categoricals).
  std::string FormatValue(int index, double value) const;

 private:
  std::vector<ParamSpec> params_;
};

}  // namespace optiscope
