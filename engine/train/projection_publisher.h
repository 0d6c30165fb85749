// Projection events for the GUI: the data in 2-D (PCA fitted in the engine) once at run start,
// and the last hidden layer's activations on the validation rows every N epochs of an MLP run.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "engine/core/types.h"
#include "engine/data/dataset.h"
#include "engine/events/events.h"
#include "engine/models/differentiable_model.h"
#include "engine/train/training_callback.h"

namespace optiscope {

// A 2-D PCA projection of the rows of X (at most `max_points`, an even stride; `rows` names the
// kept ones), labelled with class ids (classification) or -1. `what` is "data" or "hidden". X
// needs >= 2 rows and columns with finite values; otherwise the projection has no points.
Projection MakeProjection(const Mat& X, const Vec& y, TaskKind task, const std::string& what,
                          int epoch, const std::string& run_id, int max_points = 5000);

// Fills projection->predictions (classification: the argmax of each kept row of `outputs`) or
// projection->errors (regression: outputs(row, 0) - y[row]). `outputs` has one row per row of the
// data that was projected. REQUIRES: outputs.rows() == y.size() >= every entry of rows.
void AttachPredictions(const Mat& outputs, const Vec& y, TaskKind task, Projection* projection);

// The training callback that, every `every` epochs, projects the last hidden layer of `model` (a
// DenseNetwork with a hidden layer; otherwise null is returned) on (X, y), attaches the model's
// predictions of those rows at that epoch, and publishes it to `sink`. model, X, y and sink must
// outlive the training run.
std::unique_ptr<TrainingCallback> MakeHiddenProjectionCallback(const DifferentiableModel& model,
                                                               const Mat& X, const Vec& y,
                                                               TaskKind task, int every,
                                                               const std::string& run_id,
                                                               EventSink& sink);

}  // namespace optiscope
