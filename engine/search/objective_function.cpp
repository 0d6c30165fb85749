#include "engine/search/objective_function.h"

#include <cmath>

namespace optiscope {

Result<std::vector<double>> FunctionObjective::Evaluate(const TrialRequest& request,
                                                        TrialContext& context) {
  (void)context;
  const ParamSet params = function_.space.FromTrialParams(request.params);
  if (Status s = function_.space.Validate(params); !s.ok()) {
    return Status::InvalidArgument(function_.name + ": " + s.message());
  }
  const double value = function_.evaluate(params);
  if (!std::isfinite(value)) return Status::Diverged(function_.name + " returned a non-finite value");
  return std::vector<double>{value};
}

}  // namespace optiscope
