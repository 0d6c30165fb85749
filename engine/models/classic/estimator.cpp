#include "engine/models/classic/estimator.h"

#include <cmath>

namespace optiscope {

Status ValidateFitInputs(const Mat& X, const Vec& y, TaskKind task, int num_classes,
                         const std::string& model) {
  if (X.rows() == 0 || X.cols() == 0) {
    return Status::InvalidArgument(model + ": the training data has no rows or no features");
  }
  if (y.size() != X.rows()) {
    return Status::InvalidArgument(model + ": " + std::to_string(X.rows()) + " rows but " +
                                   std::to_string(y.size()) + " targets");
  }
  if (!X.allFinite()) {
    return Status::InvalidArgument(model +
                                   ": features contain missing or infinite values; impute first");
  }
  if (!y.allFinite()) return Status::InvalidArgument(model + ": targets contain NaN or Inf");
  if (task == TaskKind::kClassification) {
    if (num_classes < 2) {
      return Status::InvalidArgument(model + ": classification needs at least 2 classes");
    }
    for (int i = 0; i < y.size(); ++i) {
      if (y[i] < 0 || y[i] >= num_classes || y[i] != std::floor(y[i])) {
        return Status::InvalidArgument(model + ": label " + std::to_string(y[i]) + " at row " +
                                       std::to_string(i) + " is not a class id in [0, " +
                                       std::to_string(num_classes) + ")");
      }
    }
  }
  return Status::Ok();
}

}  // namespace optiscope
