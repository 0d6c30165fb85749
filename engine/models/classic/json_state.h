// JSON helpers for saving and restoring fitted classic estimators (matrices, trees, the fields
// every model shares). Used by each model's SaveState/LoadState; see estimator_io.h.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/data/dataset.h"
#include "engine/models/classic/cart.h"

namespace optiscope {

// {"rows", "cols", "data" (row-major)}.
nlohmann::json MatToJson(const Mat& m);
nlohmann::json MatToJson(const MatD& m);
// InvalidArgument when the shape disagrees with the data or with `cols` (when >= 0).
Status MatFromJson(const nlohmann::json& j, int cols, Mat* m);
Status MatFromJson(const nlohmann::json& j, int cols, MatD* m);

// {"outputs", "nodes": [[feature, threshold, left, right], ...], "values": [...]}.
nlohmann::json TreeToJson(const Tree& tree);
// Checks the structure (children after their parent and in range, features < num_features,
// `outputs` values per node) so a damaged file cannot make Apply loop or read out of bounds.
Status TreeFromJson(const nlohmann::json& j, int num_features, int outputs, Tree* tree);

// The fields every state carries: "task", "num_classes", "num_features".
void PutCommon(TaskKind task, int num_classes, int num_features, nlohmann::json* state);
Status GetCommon(const nlohmann::json& state, TaskKind* task, int* num_classes, int* num_features);

}  // namespace optiscope
