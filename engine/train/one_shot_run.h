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

// Fits the model on the training split and evaluates every split. Publishes RunStarted (one
// "epoch"), a LogLine saying what is fitted, one EpochMetrics with the train and validation
// figures, and RunFinished with the full test metrics. `stop` is honoured by the estimator's fit
// loop (per tree / stage / pass): status kCancelled. Errors (a model that does not fit the task,
// bad parameters) are returned as a Status before RunStarted.
Result<RunResult> RunOneShot(const ExperimentConfig& config, PreparedSplits data, EventSink& sink,
                             std::stop_token stop, const RunOptions& options);

}  // namespace optiscope
