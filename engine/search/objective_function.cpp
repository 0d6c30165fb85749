#include "engine/search/objective_function.h"

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>

namespace optiscope {

Result<std::vector<double>> FunctionObjective::Evaluate(const TrialRequest& request,
                                                        TrialContext& context) {
  if (sleep_s_ > 0.0) {
    // A wait that a stop ends at once (condition_variable_any wakes on the stop token).
    std::mutex mu;
    std::condition_variable_any wake;
    std::unique_lock lock(mu);
    const std::stop_token stop = context.StopToken();
    (void)wake.wait_for(lock, stop, std::chrono::duration<double>(sleep_s_), [] { return false; });
    if (stop.stop_requested()) return Status::Cancelled("stopped");
  }
  const ParamSet params = function_.space.FromTrialParams(request.params);
  if (Status s = function_.space.Validate(params); !s.ok()) {
    return Status::InvalidArgument(function_.name + ": " + s.message());
  }
  const double value = function_.evaluate(params);
  if (!std::isfinite(value)) return Status::Diverged(function_.name + " returned a non-finite value");
  return std::vector<double>{value};
}

}  // namespace optiscope
