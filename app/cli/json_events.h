// "train --json": every stdout line is one JSON object with an "event" field (run_started, epoch,
// log, run_finished). The field names are part of the command-line contract (docs/cli.md).
#pragma once

#include <cstdio>
#include <mutex>
#include <string>

#include "engine/config/experiment_config.h"
#include "engine/events/events.h"
#include "engine/train/experiment.h"

namespace optiscope::cli {

// {"event":"run_started","name":..,"run_id":..,"epochs":N,"description":..,"metric":..,
//  "config":{the effective configuration}}
std::string RunStartedJson(const RunStarted& event, const ExperimentConfig& config);
// {"event":"epoch","epoch":i,"epochs":N,"train_loss":..,"val_loss":..,"train_<metric>":..,
//  "val_<metric>":..,"train_f1":..,"val_f1":.. (accuracy) | "train_r2":..,"val_r2":.. (rmse),
//  "seconds":..,"lr":..}; metric is "accuracy" or "rmse". NaN -> null.
std::string EpochJson(const EpochMetrics& event, const std::string& metric_name);
// {"event":"log","level":"info"|"warning"|"error","text":..}
std::string LogJson(const LogLine& event);
// {"event":"run_finished","status":..,["reason":..,]"seconds":..,"epochs":N,"stopped_early":b,
//  ["best_epoch":k,]"train":{..},"validation":{..},"test":{..}}; the blocks hold accuracy,
//  f1_macro and loss (classification) or rmse, r2, mae and loss (regression).
std::string RunFinishedJson(const RunResult& result);

// Prints run_started, epoch and log events as JSON lines on `out`, flushing each line. The
// run_finished line is printed by the caller from the RunResult (it has the train/validation
// blocks). Thread-safe.
class JsonLinesSink final : public EventSink {
 public:
  JsonLinesSink(std::FILE* out, ExperimentConfig config);
  void Publish(Event event) override;
  // Prints one line (with the same lock as the events).
  void PrintLine(const std::string& line);

 private:
  std::FILE* out_;
  const ExperimentConfig config_;
  std::mutex mu_;
  std::string metric_name_ = "accuracy";
};

}  // namespace optiscope::cli
