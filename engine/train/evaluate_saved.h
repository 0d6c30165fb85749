// Evaluating a trained (e.g. loaded) model on a dataset: feature and class checks by name, the
// run's own split reproduced on request, and the full metric report (`optiscope-cli evaluate`).
#pragma once

#include <string>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/train/evaluation_metrics.h"
#include "engine/train/trained_model.h"

namespace optiscope {

// Evaluates `model` on the rows of `data` that `split` names: "all", or "train" / "validation" /
// "test" — the split RunExperiment made with `config.data` (same fractions, seed, stratification:
// on the same dataset these are the same rows, so "test" reproduces the run's test metrics).
// Features must match the model's by count and name; class names are mapped to the model's ids
// by name. Dense classification scores are the softmax of the outputs, probabilities when the
// loss was cross-entropy. InvalidArgument naming the mismatch (a column, a class, the task).
Result<EvaluationReport> EvaluateOnDataset(const TrainedModel& model,
                                           const ExperimentConfig& config, const Dataset& data,
                                           const std::string& split);

}  // namespace optiscope
