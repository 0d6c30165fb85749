// Events of a hyperparameter study (engine/search): trials starting, reporting and finishing.
// They are all a viewer needs to draw a study live (trials table, history, importance, ...).
#pragma once

#include <string>
#include <vector>

#include "engine/events/event_list.h"

namespace optiscope {

// One parameter of a trial. Numeric parameters: value. Categorical: value is the index of the
// choice and label its text. Inactive conditional parameters are absent from the trial.
struct TrialParam {
  std::string name;
  double value = 0.0;
  std::string label;  // categorical choice; empty for numeric parameters

  bool operator==(const TrialParam&) const = default;
};

// A trial began (trial numbers count from 0 within the study).
struct TrialStarted {
  std::string study;
  int trial = 0;
  std::vector<TrialParam> params;
};

// An intermediate value of a running trial (e.g. the validation metric after epoch `step`).
struct TrialReport {
  std::string study;
  int trial = 0;
  int step = 0;
  double value = 0.0;
};

// A trial ended: state "complete", "pruned" or "failed" (reason says why).
struct TrialFinished {
  std::string study;
  int trial = 0;
  std::string state;
  std::string reason;
  std::vector<double> values;  // one per objective; complete: final values, pruned: last report
  std::vector<TrialParam> params;
  double seconds = 0.0;
};

// The study stopped (budget used, stopped by the user, or failed to continue: reason).
struct StudyFinished {
  std::string study;
  int n_trials = 0;
  int best_trial = -1;  // -1: no complete trial
  std::vector<double> best_values;
  std::string reason;
};

using StudyEvents = EventList<TrialStarted, TrialReport, TrialFinished, StudyFinished>;

}  // namespace optiscope
