// Events of the feature/projection engine (engine/features): 2-D projections streamed to the
// Projection view while training or on request, optionally with a model's decision regions.
#pragma once

#include <string>
#include <vector>

#include "engine/events/event_list.h"

namespace optiscope {

// Points projected to 2-D: xy holds x0 y0 x1 y1 ...; labels the class (or -1) of each point.
// The optional fields are either empty or have one entry per point (regions: one per cell).
struct Projection {
  std::string run_id;
  int epoch = 0;            // 0: not tied to a training epoch
  std::string what;         // "data" or "hidden" (last hidden layer activations)
  std::vector<float> xy;
  std::vector<int> labels;
  std::vector<double> explained_variance_ratio;
  // The row of each point in the rows that were projected (the dataset, or the validation split
  // for "hidden"); empty: point i is row i.
  std::vector<int> rows;
  // A trained model's predicted class of each point (classification; empty otherwise).
  std::vector<int> predictions;
  // Regression: prediction minus target of each point (target units of the model); empty otherwise.
  std::vector<float> errors;
  // Decision regions (classification): the model's class at the centre of each cell of a
  // region_cols x region_rows grid over [region_x_min, region_x_max] x [region_y_min,
  // region_y_max] of the projection plane, row-major with row 0 at region_y_min. Empty: none.
  int region_cols = 0;
  int region_rows = 0;
  float region_x_min = 0, region_x_max = 0, region_y_min = 0, region_y_max = 0;
  std::vector<int> region_classes;
};

using ProjectionEvents = EventList<Projection>;

}  // namespace optiscope
