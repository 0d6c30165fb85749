// Output of "study run": JSON lines (--json; one object per event, the last "study_finished") or a
// progress line on stderr (redrawn in place on a terminal, one line per trial otherwise).
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "engine/events/events.h"
#include "engine/search/study.h"

namespace optiscope::cli {

// {"event":"trial_started","study":..,"trial":n,"params":{..}}
std::string TrialStartedJson(const TrialStarted& e);
// {"event":"trial_report","study":..,"trial":n,"step":s,"value":v}
std::string TrialReportJson(const TrialReport& e);
// {"event":"trial_finished","study":..,"trial":n,"state":..,"value":v0,"values":[..],
//  "params":{..},"seconds":..[,"reason":..]}; NaN -> null.
std::string TrialFinishedJson(const TrialFinished& e);
// {"event":"study_finished","study":..,"n_trials":N,"n_complete":..,"n_pruned":..,"n_failed":..,
//  "reason":..,"best":{"trial":k,"value":v,"values":[..],"params":{..}} (null without a complete
//  trial),"pareto_front":[..]}
std::string StudyFinishedJson(const std::string& study, const StudySummary& summary,
                              const std::vector<TrialRecord>& trials);

// The note "study run" prints before a multi-objective study: pruning is off (as Optuna's
// samplers and pruners do with several objectives), and whether the sampler models every
// objective or only the first.
std::string MultiObjectiveNote(const StudySpec& spec);

// Prints trial events as JSON lines on `out`, flushing each line. StudyFinished is skipped (the
// caller prints StudyFinishedJson, which has the best parameters). Thread-safe.
class StudyJsonSink final : public EventSink {
 public:
  explicit StudyJsonSink(std::FILE* out) : out_(out) {}
  void Publish(Event event) override;
  void PrintLine(const std::string& line);

 private:
  std::FILE* out_;
  std::mutex mu_;
};

// "trial 12/100 [=====>    ] best 0.3979 (#7)  ok 10 pruned 1 failed 1  ETA 0:42" on a terminal;
// "trial 12 complete value 0.51 (best 0.3979 #7) lr=0.01 ..." per finished trial otherwise.
class StudyProgressSink final : public EventSink {
 public:
  StudyProgressSink(std::FILE* out, bool terminal, int n_trials, Direction direction);
  void Publish(Event event) override;
  void Finish();

 private:
  std::FILE* out_;
  const bool terminal_;
  const int n_trials_;
  const Direction direction_;
  std::mutex mu_;
  int finished_ = 0, complete_ = 0, pruned_ = 0, failed_ = 0;
  int best_trial_ = -1;
  double best_value_ = 0.0;
  bool line_open_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace optiscope::cli
