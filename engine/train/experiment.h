// RunExperiment: the whole pipeline of one training run, from configuration to test metrics.
// Used by the CLI ("train") and by the GUI's engine thread.
#pragma once

#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/data/splits.h"
#include "engine/events/events.h"
#include "engine/train/evaluation_metrics.h"
#include "engine/train/metrics.h"
#include "engine/train/train_outcome.h"
#include "engine/train/training_callback.h"
#include "engine/train/trained_model.h"

namespace optiscope {

// SplitMetrics (loss, accuracy / rmse, mae, r2 on one split) is declared in metrics.h.

struct RunResult {
  // Ok, kCancelled or an error (kDiverged: the loss turned NaN/Inf); the message says why.
  // RunStatusName (train_outcome.h) gives the text events carry.
  Status status;
  TaskKind task = TaskKind::kClassification;
  int epochs_run = 0;    // epochs; an ensemble fitted in one call: its trees (stages); else 1
  double seconds = 0.0;  // training wall time (excludes data loading)
  SplitMetrics train, validation, test;
  // One per epoch run; an ensemble's curve by number of trees (at most 200 points).
  std::vector<EpochMetrics> history;
  int best_epoch = 0;                 // early stopping: the epoch whose weights were kept, else 0
  bool stopped_early = false;         // early stopping ended training before the last epoch
  TrainedModel model;  // the trained parameters and fitted preprocessing (when started)
  // Every test metric (macro precision/recall/F1, ROC AUC, log loss, confusion matrix; RMSE, MAE,
  // R²) when the run finished; also copied into RunFinished.
  EvaluationReport test_report;
};

struct RunOptions {
  std::string run_id = "run";
  // Given: these rows (indices into the loaded dataset) are used instead of config.data's holdout
  // split, e.g. one fold of a cross-validation (engine/search/objective_experiment.cpp).
  std::optional<HoldoutSplit> split;
  // Extra callbacks for the training loop (e.g. a study's intermediate reports), called after the
  // run's own ones; a one-shot model calls only OnEpochEnd, once, without parameters. They must
  // outlive the run.
  std::vector<TrainingCallback*> callbacks;
};

// The RunFinished event that reports `result`: status, reason, epochs, seconds, early stopping and
// the test metrics (the full report when the run ended ok and `has_test_rows`). Shared by the
// trainer path and the one-shot (classic / closed-form) path so both report alike.
RunFinished MakeRunFinished(const RunResult& result, const std::string& run_id,
                            const std::string& model_type,
                            const std::vector<std::string>& class_names, bool has_test_rows);

// Loads the data, splits it (config.data), fits preprocessing on the training rows, builds the
// model, trains it (publishing RunStarted, one EpochMetrics per epoch, RunFinished to `sink`) and
// evaluates train/validation/test. Honours `stop` within one mini-batch (status kCancelled).
// A loss that turns NaN/Inf ends the run with status kDiverged, the message naming epoch and batch.
// Returns an error Status only when the run cannot start (bad config, data not found, ...).
// Deterministic: same config, same metrics. Thread-safe (no shared mutable state).
Result<RunResult> RunExperiment(const ExperimentConfig& config, EventSink& sink,
                                std::stop_token stop = {}, const RunOptions& options = {});

}  // namespace optiscope
