// Runs of models fitted in one call rather than trained epoch by epoch: the classic estimators
// (trees, forests, boosting, SVMs, kNN) and linear regression's closed-form least squares.
// RunExperiment prepares the data and hands over here.
#pragma once

#include <stop_token>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/data/dataset.h"
#include "engine/data/preprocessing.h"
#include "engine/events/events.h"
#include "engine/train/experiment.h"
#include "engine/train/prepared_splits.h"

namespace optiscope {

// True when `model` is fitted in one call: a classic family, or linear with solver closed_form.
bool IsOneShotModel(const ModelConfig& model);

// What a one-call fit of `model` counts, known before it runs: an ensemble's trees or stages
// (a default random forest: {100, "tree"}), else {1, "fit"}. Parameters that do not make a model
// also give {1, "fit"} (the run reports why). RunOneShot's RunStarted says the same.
struct OneShotSteps {
  int count = 1;
  std::string name = "fit";
};
OneShotSteps CountOneShotSteps(const ModelConfig& model);

// Fits the model on the training split and evaluates every split. Publishes RunStarted, a LogLine
// saying what is fitted, and RunFinished with the full test metrics. An ensemble (random forest,
// gradient boosting) counts its trees or stages: RunStarted's total_epochs and step_name ("tree",
// "stage"), FitProgress while it grows them, and after the fit one EpochMetrics per stage count
// (StagedEpochs: its scores by number of trees). Any other model is one "epoch": one EpochMetrics
// with the train and validation figures. The last EpochMetrics always carries the figures of the
// returned result. `stop` is honoured by the estimator's fit
// loop (per tree / stage / pass): status kCancelled. Errors (a model that does not fit the task,
// bad parameters) are returned as a Status before RunStarted.
Result<RunResult> RunOneShot(const ExperimentConfig& config, PreparedSplits data, EventSink& sink,
                             std::stop_token stop, const RunOptions& options);

}  // namespace optiscope
