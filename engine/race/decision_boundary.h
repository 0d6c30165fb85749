// The decision boundary of a 2-input classifier: its arg-max class and confidence on a grid over
// the input plane, for the race's live decision-boundary view.
#pragma once

#include <span>
#include <string>

#include "engine/data/dataset.h"
#include "engine/events/events.h"
#include "engine/models/differentiable_model.h"

namespace optiscope {

// The window of the plane to draw: the extent of X's two columns plus `margin` of it each side.
// REQUIRES: X.cols() == 2 and X.rows() >= 1.
DecisionBoundary BoundaryWindow(const Mat& X, int grid, double margin = 0.15);

// Fills window.labels / confidence (window as made by BoundaryWindow, grid × grid cells) with
// the model's arg-max class and its softmax probability at each cell centre (inference mode).
// REQUIRES: model has 2 inputs; ws made by `model` (any size: cells go in chunks of its rows).
void EvaluateBoundary(const DifferentiableModel& model, std::span<const Scalar> params,
                      ModelWorkspace& ws, DecisionBoundary* window);

}  // namespace optiscope
