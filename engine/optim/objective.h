// Objective: a differentiable function of the parameter vector, for methods that re-evaluate it
// (L-BFGS and its line search) rather than take one gradient per step.
#pragma once

#include <functional>
#include <span>

#include "engine/core/types.h"

namespace optiscope {

// Returns f(θ) and writes ∇f(θ) into `grad` (same size as `params`). Must be deterministic
// (full batch): a line search compares values at different points.
using Objective = std::function<double(std::span<const Scalar> params, std::span<Scalar> grad)>;

}  // namespace optiscope
