// "race --json": the JSON lines of an optimizer race (race_started, racer_tuned, epoch, log,
// function_path, race_finished). Field names are part of the command-line contract (docs/race.md).
#pragma once

#include <cstdio>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "engine/events/events.h"
#include "engine/race/test_function_race.h"

namespace optiscope::cli {

// {"event":"race_finished","results":[{"optimizer":..,"rank":..,"type":..,"lr":..,"tuned":..,
//  "status":..,["reason":..,]"best_val_loss":..,"best_epoch":..,"epochs_to_target":..,
//  "seconds_to_target":..,"seconds":..,"final_val_loss":..,"final_val_metric":..,"epochs":..,
//  "batch_order_hash":"hex"}, ...],"target_loss":..,"monitored":..,"status":..}; NaN -> null,
//  a target never reached -> null.
std::string RaceFinishedJson(const RaceFinished& finished);

// {"event":"function_result","function":..,"results":[{"optimizer":..,"lr":..,"steps":..,
//  "final_x":..,"final_y":..,"final_value":..,"status":..}, ...]}
std::string FunctionResultJson(const std::string& function,
                               const std::vector<TestFunctionRun>& runs);

// Prints race_started, racer_tuned, epoch (with "optimizer"), log and landscape summaries as
// JSON lines on `out`, flushed per line. RaceFinished is held back: the caller prints it last
// (PrintFinished). Decision boundaries and paths are not printed. Thread-safe.
class RaceJsonSink final : public EventSink {
 public:
  explicit RaceJsonSink(std::FILE* out) : out_(out) {}
  void Publish(Event event) override;
  void PrintLine(const std::string& line);

 private:
  std::FILE* out_;
  std::mutex mu_;
  std::string metric_name_ = "accuracy";
};

// Human progress on `out` (stderr): one line per racer epoch and the log lines. Thread-safe.
class RaceProgressSink final : public EventSink {
 public:
  explicit RaceProgressSink(std::FILE* out) : out_(out) {}
  void Publish(Event event) override;

 private:
  std::FILE* out_;
  std::mutex mu_;
};

// The ranked table printed without --json.
std::string RaceTable(const RaceFinished& finished, const std::string& metric_name);

// The lowest and highest finite loss of a landscape grid (NaN, NaN when none is finite).
std::pair<double, double> LandscapeRange(const LossLandscape& landscape);
// What `race --landscape` prints after the table without --json: grid, centre, the share of the
// trajectories' movement the two directions explain, the loss range and the rows evaluated.
std::string LandscapeSummary(const LossLandscape& landscape);

}  // namespace optiscope::cli
