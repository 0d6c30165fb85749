// TrainedModel: everything needed to use a trained model again — architecture, parameters and
// the fitted preprocessing — as one value (the next issues save and compress it).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/data/dataset.h"
#include "engine/data/preprocessing.h"
#include "engine/models/classic/estimator.h"

namespace optiscope {

struct TrainedModel {
  ModelConfig model;  // rebuild with MakeModel(model, num_inputs, num_outputs, task)
  TaskKind task = TaskKind::kClassification;
  int num_inputs = 0;
  int num_outputs = 0;
  std::vector<Scalar> parameters;  // the model's contiguous parameter buffer
  std::vector<std::string> feature_names;
  std::string target_name;
  std::vector<std::string> class_names;  // classification: index = class id
  Preprocessor preprocessor;             // fitted on the training rows
  // Regression: the model was trained on (y - target_offset) / target_scale; predictions are
  // mapped back. Classification: 0 and 1.
  double target_offset = 0.0;
  double target_scale = 1.0;
  // Classic models (model.type a classic family): the fitted estimator, which then replaces
  // `parameters` (empty). Shared and const: predictions may run on any thread.
  std::shared_ptr<const Estimator> estimator;
};

// Model outputs (class scores — probabilities for classic models —, or regression values in the
// target's units; rows x num_outputs)
// for raw feature rows
// (before preprocessing, NaN = missing). InvalidArgument when X's column count differs or the
// model cannot be rebuilt.
Result<Mat> PredictOutputs(const TrainedModel& trained, const Mat& X);

// Predicted class ids (classification) or values (regression), one per row of raw X.
Result<Vec> Predict(const TrainedModel& trained, const Mat& X);

}  // namespace optiscope
