// FunctionObjective: a built-in test function (Branin, Hartmann-6, ...) as a study objective, for
// trying samplers and pruners without training anything.
#pragma once

#include "engine/search/objective.h"
#include "engine/search/test_functions.h"

namespace optiscope {

// Evaluates `function.evaluate` on the trial's parameters (looked up by name in the function's
// space). One value, to minimise. With sleep_s > 0 each evaluation first waits that long (or until
// the trial is stopped: then Cancelled), standing in for an expensive objective that uses no CPU
// (bench/storage.sh's scaling runs, demos of parallel workers). Thread-safe (the function is pure).
class FunctionObjective final : public StudyObjective {
 public:
  explicit FunctionObjective(TestFunction function, double sleep_s = 0.0)
      : function_(std::move(function)), sleep_s_(sleep_s) {}
  int NumValues() const override { return 1; }
  Result<std::vector<double>> Evaluate(const TrialRequest& request,
                                       TrialContext& context) override;
  const TestFunction& function() const { return function_; }

 private:
  TestFunction function_;
  double sleep_s_;
};

}  // namespace optiscope
