// The train/validation/test split a configuration asks for: one place turns a DataConfig into
// the holdout every consumer (training, evaluation, races, compression, feature scores) re-makes.
#pragma once

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/data/splits.h"

namespace optiscope {

// The holdout of `data`'s fractions and split seed over `dataset`'s rows, stratified by class
// when data.stratify is set and the task is classification. Same inputs, same rows: this is the
// split RunExperiment trains on. InvalidArgument for fractions MakeHoldoutSplit refuses.
Result<HoldoutSplit> MakeConfiguredSplit(const DataConfig& data, const Dataset& dataset);

}  // namespace optiscope
