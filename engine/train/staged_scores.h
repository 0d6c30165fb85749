// The curve of an ensemble fitted in one call: its train and validation scores against the number
// of trees (random forest) or boosting stages (gradient boosting) it keeps, what the loss curve
// is for a model trained epoch by epoch.
#pragma once

#include <string>
#include <vector>

#include "engine/events/events.h"
#include "engine/models/classic/estimator.h"
#include "engine/train/prepared_splits.h"

namespace optiscope {

// The stage counts a curve is drawn at: every k in 1..num_stages when there are at most
// `max_points`, else about `max_points` evenly spaced ones, always with 1 and num_stages;
// increasing. Empty when num_stages < 1. REQUIRES: max_points >= 2.
std::vector<int> StageCheckpoints(int num_stages, int max_points = 200);

// One EpochMetrics per checkpoint k (StageCheckpoints(estimator.NumStages())) of a fitted
// ensemble: `epoch` = k, `total_epochs` = NumStages(), the train and validation loss and metric
// of the model made of its first k stages, in the units RunOneShot reports the whole model in:
// classification log loss (probabilities clipped to [eps, 1 - eps] and renormalised, as the
// test report) and accuracy; regression mean squared error of the standardised target and RMSE
// in the target's units. NaN for a split without rows. `elapsed_seconds` is the fit's time
// shared evenly among the stages (fit_seconds * k / K); `learning_rate` is NaN. Empty for a model
// without stages (NumStages() < 2 counts as none: one point is no curve).
// Cost: one prediction pass over the train and validation rows plus O(checkpoints x rows x
// classes). REQUIRES: a successful Fit of `estimator` on data.train.
std::vector<EpochMetrics> StagedEpochs(const Estimator& estimator, const PreparedSplits& data,
                                       double fit_seconds, const std::string& run_id);

}  // namespace optiscope
