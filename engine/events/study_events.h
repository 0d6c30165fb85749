// Events of a hyperparameter study (engine/search): trials starting, reporting and finishing.
#pragma once

#include <string>
#include <vector>

#include "engine/events/event_list.h"

namespace optiscope {

// A trial finished: state "complete", "pruned" or "failed" (reason says why).
struct TrialFinished {
  std::string study;
  int trial = 0;
  std::string state;
  std::string reason;
  std::vector<double> values;  // one per objective; empty unless complete (pruned: last value)
  std::string params_json;     // the trial's parameters as a JSON object
  double seconds = 0.0;
};

using StudyEvents = EventList<TrialFinished>;

}  // namespace optiscope
