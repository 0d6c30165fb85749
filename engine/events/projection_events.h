// Events of the feature/projection engine (engine/features): 2-D projections streamed to the
// Projection view while training or on request.
#pragma once

#include <string>
#include <vector>

#include "engine/events/event_list.h"

namespace optiscope {

// Points projected to 2-D: xy holds x0 y0 x1 y1 ...; labels the class (or -1) of each point.
struct Projection {
  std::string run_id;
  int epoch = 0;            // 0: not tied to a training epoch
  std::string what;         // "data" or "hidden" (last hidden layer activations)
  std::vector<float> xy;
  std::vector<int> labels;
  std::vector<double> explained_variance_ratio;
};

using ProjectionEvents = EventList<Projection>;

}  // namespace optiscope
