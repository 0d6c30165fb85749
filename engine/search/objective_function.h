// FunctionObjective: a built-in test function (Branin, Hartmann-6, ...) as a study objective, for
// trying samplers and pruners without training anything.
#pragma once

#include "engine/search/objective.h"
#include "engine/search/test_functions.h"

namespace optiscope {

// Evaluates `function.evaluate` on the trial's parameters (looked up by name in the function's
// space). One value, to minimise. Thread-safe (the function is pure).
class FunctionObjective final : public StudyObjective {
 public:
  explicit FunctionObjective(TestFunction function) : function_(std::move(function)) {}
  int NumValues() const override { return 1; }
  Result<std::vector<double>> Evaluate(const TrialRequest& request,
                                       TrialContext& context) override;
  const TestFunction& function() const { return function_; }

 private:
  TestFunction function_;
};

}  // namespace optiscope
