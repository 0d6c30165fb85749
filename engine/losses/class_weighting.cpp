#include "engine/losses/class_weighting.h"

#include <cmath>
#include <string>

namespace optiscope {

Result<std::vector<double>> ResolveClassWeights(const ClassWeights& weights, int num_classes,
                                                std::span<const Scalar> train_labels) {
  if (weights.empty()) return std::vector<double>();
  if (weights.balanced) {
    std::vector<double> count(static_cast<size_t>(num_classes), 0.0);
    for (Scalar label : train_labels) {
      const int c = static_cast<int>(label);
      if (c >= 0 && c < num_classes) count[static_cast<size_t>(c)] += 1.0;
    }
    const double n = static_cast<double>(train_labels.size());
    std::vector<double> w(static_cast<size_t>(num_classes));
    for (int c = 0; c < num_classes; ++c) {
      w[static_cast<size_t>(c)] = n / (num_classes * std::max(count[static_cast<size_t>(c)], 1.0));
    }
    return w;
  }
  if (static_cast<int>(weights.values.size()) != num_classes) {
    return Status::InvalidArgument("loss.class_weights: the data has " +
                                   std::to_string(num_classes) + " classes but " +
                                   std::to_string(weights.values.size()) +
                                   " weights were given (one per class, in class-id order)");
  }
  bool any_positive = false;
  for (size_t c = 0; c < weights.values.size(); ++c) {
    const double w = weights.values[c];
    if (!std::isfinite(w) || w < 0) {
      return Status::InvalidArgument("loss.class_weights[" + std::to_string(c) +
                                     "]: must be a finite number >= 0");
    }
    any_positive = any_positive || w > 0;
  }
  if (!any_positive) {
    return Status::InvalidArgument("loss.class_weights: at least one weight must be > 0");
  }
  return weights.values;
}

}  // namespace optiscope
