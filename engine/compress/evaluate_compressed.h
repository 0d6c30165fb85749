// Evaluating a compressed model file (.optq) on a dataset with the same report as a trained
// model (`optiscope-cli evaluate --model FILE.optq`).
#pragma once

#include <string>

#include "engine/compress/compressed_model.h"
#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/train/evaluation_metrics.h"

namespace optiscope {

// The `source_config` to store in a compressed model made from data `data`: the configuration
// JSON whose data block re-makes the training split.
std::string CompressedSourceConfig(const DataConfig& data);

// The data configuration recorded in `model` (its source run's), if any.
Result<DataConfig> CompressedSourceData(const CompressedModel& model);

// Evaluates `model` (Prepare()d, as loaded) on the rows of `data` that `split` names ("all", or
// "train" / "validation" / "test" of the recorded source split: InvalidArgument when the file
// records none). Classification scores are the softmax of the outputs. Errors name the mismatch
// (task, a feature column, a class).
Result<EvaluationReport> EvaluateCompressedOnDataset(const CompressedModel& model,
                                                     const Dataset& data,
                                                     const std::string& split);

// True when the file at `path` starts with the compressed model magic "OPTQ".
bool IsCompressedModelFile(const std::string& path);

}  // namespace optiscope
