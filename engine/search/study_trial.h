// The stored record of one trial of a study and of the study itself: what storage keeps, what the
// Study runner hands to analysis and export. Plain values; safe to copy across threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/events/study_events.h"
#include "engine/search/trial.h"

namespace optiscope {

// TrialState, Direction, TrialStateName and ParseTrialState come from trial.h (engine/search).
const char* DirectionName(Direction direction);  // "minimize" | "maximize"

// One trial as stored (parameters with their labels, so a trial stays readable after the space
// changes). Numbers count from 0 within a study and are never reused.
struct TrialRecord {
  int number = 0;
  TrialState state = TrialState::kRunning;
  std::vector<TrialParam> params;  // active parameters only (see TrialParam)
  std::vector<double> values;      // one per objective; complete: final; pruned: last report
  std::vector<std::pair<int, double>> intermediate;  // (step, value) in report order
  std::string reason;                                // failed: why; pruned: at which step
  double seconds = 0.0;                              // wall time of the evaluation
  std::string origin;  // "" sampled; "clone of 3", "extend of 3 (+10 epochs)", "retry of 3", ...
  std::string worker;  // the owner that ran (or runs) it: a worker id, "" for a waiting trial
  // False for a trial that ended because its run was interrupted (the study stopped, Ctrl+C) or
  // its process died: the study's n_trials budget does not count it.
  bool uses_budget = true;

  // The parameter named `name`, or nullptr.
  const TrialParam* Find(const std::string& name) const;
  bool operator==(const TrialRecord&) const = default;
};

// The sampler's view of `record` in `space`: categorical labels mapped to the space's choice
// indices (a label the space no longer has maps to -1, so space.Contains rejects the trial).
FrozenTrial ToFrozenTrial(const TrialRecord& record, const SearchSpace& space);

// A study as stored: its name, the spec it was created with (JSON text) and its directions.
struct StudyInfo {
  std::string name;
  std::string spec_json;
  std::vector<Direction> directions = {Direction::kMinimize};
  int n_trials = 0;    // trials recorded (any state)
  int n_complete = 0;  // complete trials
};

// True when `a` Pareto-dominates `b`: no worse in every objective and better in one.
// REQUIRES: a.size() == b.size() == directions.size().
bool Dominates(const std::vector<double>& a, const std::vector<double>& b,
               const std::vector<Direction>& directions);

// The numbers of the complete trials not dominated by another complete trial (the Pareto front),
// in trial order. For one objective: the trial(s) with the best value.
std::vector<int> ParetoFront(const std::vector<TrialRecord>& trials,
                             const std::vector<Direction>& directions);

// The best complete trial by the first objective (ties: the earliest), or nullptr.
const TrialRecord* BestRecord(const std::vector<TrialRecord>& trials,
                             const std::vector<Direction>& directions);

}  // namespace optiscope
