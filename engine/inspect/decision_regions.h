// Decision regions of a trained model in the dataset's 2-D PCA plane (TensorFlow Playground's
// view on the user's own data): the data projected, coloured by class and prediction, over the
// model's class at every cell of a grid of the plane.
#pragma once

#include <stop_token>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/events/events.h"
#include "engine/train/trained_model.h"

namespace optiscope {

struct DecisionRegionOptions {
  int grid = 80;         // cells per side of the region grid
  double margin = 0.05;  // the grid covers the points' bounding box widened by this fraction
};

// Projects the rows of `data` (raw features, as the model was trained on) to 2-D: they are
// preprocessed with the model's fitted preprocessor and a PCA is fitted on them (all components:
// explained_variance_ratio is the full scree; xy are the first two scores). Each grid cell centre
// (s1, s2) of the plane is mapped back to feature space as the PCA reconstruction from (s1, s2, 0,
// ..., 0), un-scaled to raw units, and the model predicts it (Predict of trained_model.h, so the
// features block and classic estimators apply as in any prediction). Points get the model's
// predictions (classification) or errors (regression: prediction - target, in target units);
// regions are filled for classification only. InvalidArgument when data has fewer than 2 rows or
// columns, or columns other than the model's.
Result<Projection> ComputeDecisionRegions(const TrainedModel& trained, const Dataset& data,
                                          const DecisionRegionOptions& options = {});

// Project mode's "Decision regions": trains the Experiment's model with RunExperiment (its events
// go to `sink`; projection_every is ignored), loads the dataset again and publishes
// ComputeDecisionRegions of all its rows to `sink`. Errors: the run could not start, did not end
// ok ("cancelled" when `stop` was requested), or the projection failed.
Status RunDecisionRegions(const ExperimentConfig& config, EventSink& sink, std::stop_token stop,
                          const DecisionRegionOptions& options = {});

}  // namespace optiscope
