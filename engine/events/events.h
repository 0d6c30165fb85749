// Value-type events the engine publishes while it works, and the EventSink they go to.
// Nothing below events/ knows who listens (GUI bridge, CLI printer, storage, a test recorder).
#pragma once

#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

#include "engine/events/compression_events.h"
#include "engine/events/event_list.h"
#include "engine/events/projection_events.h"
#include "engine/events/race_events.h"
#include "engine/events/regression_sample.h"
#include "engine/events/run_end.h"
#include "engine/events/study_events.h"

namespace optiscope {

// A training run began. `total_epochs` is the configured maximum.
struct RunStarted {
  std::string run_id;
  int total_epochs = 0;
  std::string description;  // e.g. "digits: mlp 64-128-64-10 relu, adam lr=0.001"
  std::string metric_name;  // "accuracy" (classification) or "rmse" (regression)
  // What EpochMetrics::epoch counts, singular: "epoch"; for an ensemble fitted in one call the
  // "tree"s of a forest or the "stage"s of boosting (its curve is the score of the model made of
  // its first k trees, published after the fit); "fit" for another model fitted in one call
  // (total_epochs 1: one point, no curve).
  std::string step_name = "epoch";
};

// A one-call fit in progress: `done` of `total` trees (stages) grown, `elapsed_seconds` since the
// run started. Published at most about 100 times per fit, possibly slightly out of order (a
// consumer keeps the largest `done`).
struct FitProgress {
  std::string run_id;
  int done = 0;
  int total = 0;
  double elapsed_seconds = 0.0;
};

// Metrics after one epoch (epoch counts from 1). Metrics that do not apply are NaN.
struct EpochMetrics {
  std::string run_id;
  int epoch = 0;
  int total_epochs = 0;
  double train_loss = 0.0;
  double val_loss = 0.0;
  double train_metric = 0.0;  // accuracy or RMSE, see RunStarted::metric_name
  double val_metric = 0.0;
  double elapsed_seconds = 0.0;  // wall time since the run started
  double learning_rate = 0.0;    // the rate in force during this epoch
  // The second metric of the task, NaN where it does not apply (the other task, no rows, constant
  // targets): classification's macro F1 over the classes (as RunFinished::test_f1), regression's
  // R² (as test_r2), from the same predictions as the figures above.
  double train_f1 = std::numeric_limits<double>::quiet_NaN();
  double val_f1 = std::numeric_limits<double>::quiet_NaN();
  double train_r2 = std::numeric_limits<double>::quiet_NaN();
  double val_r2 = std::numeric_limits<double>::quiet_NaN();
};

// A run ended: ok, cancelled or failed (reason says why, e.g. "loss became NaN at epoch 3, batch
// 17"). Test metrics are NaN when the run did not finish.
struct RunFinished {
  std::string run_id;
  RunEnd status = RunEnd::kOk;
  std::string reason;
  int epochs_run = 0;
  double seconds = 0.0;
  double test_loss = 0.0;
  double test_accuracy = 0.0;  // classification; NaN for regression
  double test_rmse = 0.0;      // regression; NaN for classification
  double test_r2 = 0.0;        // regression; NaN for classification
  int best_epoch = 0;          // early stopping: the epoch whose weights were kept, else 0
  bool stopped_early = false;  // early stopping ended training before the last epoch
  // The full test metrics (engine/train/evaluation_metrics.h); NaN when they do not apply or the
  // run did not finish. metrics_note says why an applicable metric is NaN (e.g. an SVM gives
  // scores, not probabilities, so log loss is NaN).
  double test_mae = std::numeric_limits<double>::quiet_NaN();        // regression
  double test_precision = std::numeric_limits<double>::quiet_NaN();  // macro over classes
  double test_recall = std::numeric_limits<double>::quiet_NaN();     // macro over classes
  double test_f1 = std::numeric_limits<double>::quiet_NaN();         // macro over classes
  double test_roc_auc = std::numeric_limits<double>::quiet_NaN();    // binary / one-vs-rest macro
  double test_log_loss = std::numeric_limits<double>::quiet_NaN();
  std::vector<int> test_confusion;       // classification: K*K, row-major [true][predicted]
  std::vector<std::string> class_names;  // classification: the K class names
  std::string metrics_note;
  std::string model_type;  // config model.type, e.g. "random_forest"
  // Regression, finished with test rows: test rows for the predicted-vs-actual and residual
  // plots (at most kMaxPlottedTestRows of them, engine/train/residuals.h). Empty otherwise.
  RegressionSample test_regression;
};

// A line for the log pane / stderr.
struct LogLine {
  enum class Level { kInfo, kWarning, kError };
  Level level = Level::kInfo;
  std::string text;
};

// Every event kind. Each capability lists its own kinds in its own header (race_events.h,
// study_events.h, projection_events.h, compression_events.h); consumers use std::get_if and
// ignore kinds they do not know, so adding a kind never breaks a consumer.
using CoreEvents = EventList<RunStarted, EpochMetrics, RunFinished, LogLine, FitProgress>;
using Event =
    EventVariant<CoreEvents, RaceEvents, StudyEvents, ProjectionEvents, CompressionEvents>;

// Receives events. Implementations MUST be thread-safe: Publish may be called from any engine
// thread, concurrently. Publish must not block for long (append to a buffer and return).
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void Publish(Event event) = 0;
};

// Drops every event.
class NullEventSink final : public EventSink {
 public:
  void Publish(Event) override {}
};

// Keeps every event in order; for tests and for batch consumers. Thread-safe.
class RecordingEventSink final : public EventSink {
 public:
  void Publish(Event event) override {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(event));
  }
  // A copy of everything published so far.
  std::vector<Event> Events() const {
    std::lock_guard lock(mu_);
    return events_;
  }
  // Moves out everything published so far (the sink is left empty).
  std::vector<Event> Drain() {
    std::lock_guard lock(mu_);
    std::vector<Event> out;
    out.swap(events_);
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::vector<Event> events_;
};

}  // namespace optiscope
