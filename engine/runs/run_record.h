// RunRecord: one run of any mode (Train, Race, Search, Compress, Project, Select) as the Runs list
// keeps it — what ran (the configuration's JSON), how it ended, and its per-epoch curve — a plain
// value the run store (run_store.h) writes and reads.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace optiscope {

// One epoch of a run's curve. Figures that do not apply are NaN.
struct RunEpoch {
  int epoch = 0;  // from 1
  double train_loss = std::numeric_limits<double>::quiet_NaN();
  double val_loss = std::numeric_limits<double>::quiet_NaN();
  double train_metric = std::numeric_limits<double>::quiet_NaN();  // see RunRecord::metric_name
  double val_metric = std::numeric_limits<double>::quiet_NaN();
};

// A run as it is listed, compared and restored. Every field is data (no display formatting is
// assumed beyond `description`, `summary` and `result`, which are the one-line texts the window
// showed when the run ended).
struct RunRecord {
  int64_t id = 0;            // assigned by RunStore::Add (increasing); 0 before
  std::string mode;          // "train", "race", "search", "compress", "project" or "select"
  int64_t started_unix = 0;  // when it started, seconds since 1970-01-01 UTC
  std::string description;   // e.g. "iris: mlp 64-32 relu, adam lr=0.001"
  std::string status;        // "ok", "cancelled" or "failed"
  std::string summary;       // the log's line for the run's end
  std::string result;        // the headline figure, e.g. "accuracy 0.9667" ("" when none)
  std::string metric_name;   // what train_metric / val_metric hold: "accuracy", "rmse" or ""
  int steps = 0;             // epochs (trials, variants) done
  int total_steps = 0;       // epochs (trials, variants) configured
  double seconds = std::numeric_limits<double>::quiet_NaN();  // wall time
  std::string config_json;       // the ExperimentConfig it ran, as WriteExperimentConfig writes it
  std::vector<RunEpoch> epochs;  // the per-epoch curve, in epoch order; empty without one
};

}  // namespace optiscope
