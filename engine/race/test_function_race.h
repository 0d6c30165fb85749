// The optimizer race on a 2-D test function: every racer's UpdateRule (the same implementations
// that train networks) runs on the true function from a common start; paths stream as events.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/events/events.h"
#include "engine/race/racer_spec.h"

namespace optiscope {

struct TestFunctionRaceOptions {
  std::string function = "rosenbrock";  // see SurfaceFunctionNames()
  int steps = 300;                      // optimizer steps per racer (L-BFGS: iterations)
  bool use_racer_lr = false;  // false: the function's suggested rate for the racer's family
  int grid = 121;             // surface samples per axis
  int chunk = 20;             // points per TestFunctionPath event
};

struct TestFunctionRun {
  std::string racer;
  double lr = 0.0;             // the rate used
  std::vector<double> xy;      // x y per step, the start first
  std::vector<double> values;  // f per step
  RunEnd status = RunEnd::kOk;  // kOk | kDiverged
};

// Publishes one TestFunctionSurface, then each racer's path in TestFunctionPath chunks (racers
// interleaved chunk by chunk, so a viewer can animate them together). A path stops early when it
// leaves the window by more than 1000 window widths or turns non-finite ("diverged"). L-BFGS
// (type lbfgs) takes one iteration of Lbfgs with its line search per step. InvalidArgument for an
// unknown function or optimizer; Cancelled when `stop` is requested.
Result<std::vector<TestFunctionRun>> RunTestFunctionRace(const std::vector<RacerSpec>& racers,
                                                         const TestFunctionRaceOptions& options,
                                                         EventSink& sink,
                                                         std::stop_token stop = {});

// The rate RunTestFunctionRace uses for `optimizer` on `function` when use_racer_lr is false.
double SuggestedTestFunctionLr(const std::string& function, const OptimizerConfig& optimizer);

}  // namespace optiscope
