// The data a compression run needs: the trained model's train/validation/test split rebuilt from
// its data configuration, preprocessed with the model's fitted preprocessing.
#pragma once

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/data/dataset.h"
#include "engine/train/metrics.h"
#include "engine/train/trained_model.h"

namespace optiscope {

// Preprocessed splits. Regression targets are standardized as the model was trained
// (scaling maps them back). The validation rows are the held-out calibration sample.
struct CompressionData {
  TaskKind task = TaskKind::kClassification;
  Mat X_train, X_val, X_test;
  Vec y_train, y_val, y_test;
  TargetScaling scaling;
};

// Loads `data` and splits it exactly as RunExperiment does (same fractions and seed), then applies
// `trained`'s preprocessor. InvalidArgument when the data's columns do not match the model.
Result<CompressionData> PrepareCompressionData(const DataConfig& data, const TrainedModel& trained);

// Up to `max_rows` calibration rows: the validation rows, or the training rows when there are none.
Mat CalibrationRows(const CompressionData& data, int max_rows = 512);

}  // namespace optiscope
