// Human output of "train" (without --json): a progress line on stderr (redrawn in place on a
// terminal, one line per epoch otherwise) and the final summary table.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

#include "engine/events/events.h"
#include "engine/train/experiment.h"

namespace optiscope::cli {

// "epoch 12/30 [=========>          ] loss 0.1234 val_acc 0.9650 lr 0.001 ETA 0:05", fitted to
// `width` columns (the bar shrinks; at least the numbers are kept). `step_name` replaces "epoch"
// (RunStarted::step_name: "tree 37/100 ..." for a forest's curve).
std::string ProgressBarLine(const EpochMetrics& e, const std::string& metric_name, int width,
                            const std::string& step_name = "epoch");
// "epoch 3/30  train_loss 0.1234  val_loss 0.2345  val_accuracy 0.9650  lr 0.001  2.1 s"
std::string ProgressPlainLine(const EpochMetrics& e, const std::string& metric_name,
                              const std::string& step_name = "epoch");
// "growing trees 37/100 [=====>    ] ETA 0:02": a one-call ensemble fit in progress, fitted to
// `width` columns.
std::string FitProgressLine(const FitProgress& p, const std::string& step_name, int width);
// The summary printed after a run: status, epochs (or what a one-call fit grew), time, then (when the run finished) loss and
// metrics per split.
std::string SummaryText(const RunResult& result);
// Seconds as "m:ss" (or "h:mm:ss").
std::string FormatDuration(double seconds);

// Writes progress to `out` (stderr). On a terminal the line is redrawn in place (at most ~20 times
// a second, and for the last epoch); otherwise one plain line per epoch. Log events are printed as
// lines. Thread-safe.
class ProgressSink final : public EventSink {
 public:
  ProgressSink(std::FILE* out, bool terminal);
  void Publish(Event event) override;
  // Ends the in-place line (prints '\n' if one is open). Call before printing anything else.
  void Finish();

 private:
  void ClearLine();  // REQUIRES: mu_ held

  std::FILE* out_;
  const bool terminal_;
  std::mutex mu_;
  std::string metric_name_ = "accuracy";
  std::string step_name_ = "epoch";
  bool line_open_ = false;
  std::string last_line_;
  std::chrono::steady_clock::time_point last_draw_;
};

// Terminal width of `fd` in columns, or 80 when unknown.
int TerminalWidth(int fd);

}  // namespace optiscope::cli
