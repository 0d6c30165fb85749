// Evaluating a trained (e.g. loaded) model on a dataset: feature and class checks by name, the
// run's own split reproduced on request, and the full metric report (`optiscope-cli evaluate`).
#pragma once

#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/data/dataset.h"
#include "engine/train/evaluation_metrics.h"
#include "engine/train/trained_model.h"

namespace optiscope {

// What a saved model (dense, classic or compressed) tells about its inputs and outputs.
struct ModelSignature {
  TaskKind task = TaskKind::kClassification;
  std::vector<std::string> feature_names;
  std::vector<std::string> class_names;
};

// InvalidArgument naming the mismatch when `data` does not fit `model` (task, feature count or a
// feature's name).
Status CheckDatasetFits(const ModelSignature& model, const Dataset& data);

// The rows of `data` that `split` names: "all", or "train" / "validation" / "test" — the split
// RunExperiment made with `config` (same fractions, seed, stratification: on the same dataset
// these are the same rows). InvalidArgument for another split name.
Result<std::vector<int>> SplitRows(const DataConfig& config, const Dataset& data,
                                   const std::string& split);

// The metric report of `outputs` (one row per row of `part`): regression values in target
// units, or class scores — turned into probabilities by a softmax when `softmax` — whose classes
// are mapped to the model's by name. `probabilities`: the scores are probabilities (log loss is
// reported). InvalidArgument for a class the model does not know.
Result<EvaluationReport> ReportOfOutputs(const ModelSignature& model, const Dataset& part,
                                         const Mat& outputs, bool softmax, bool probabilities);

// Evaluates `model` on the rows of `data` that `split` names (SplitRows with config.data).
// Dense classification scores are the softmax of the outputs, probabilities when the loss was
// cross-entropy.
Result<EvaluationReport> EvaluateOnDataset(const TrainedModel& model,
                                           const ExperimentConfig& config, const Dataset& data,
                                           const std::string& split);

}  // namespace optiscope
