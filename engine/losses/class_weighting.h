// Class weights for classification losses: explicit per-class values or scikit-learn's
// "balanced" rule, resolved against the training labels, and the weighted-mean convention.
#pragma once

#include <span>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/core/types.h"

namespace optiscope {

// The weights to use for `num_classes` classes: empty if `weights` is empty (every class 1);
// the explicit values (InvalidArgument naming loss.class_weights if their count is not
// num_classes, or one is negative or not finite, or all are 0); or "balanced":
// w_c = n / (K * n_c) over `train_labels` (class ids; a class with no rows gets n / K).
Result<std::vector<double>> ResolveClassWeights(const ClassWeights& weights, int num_classes,
                                                std::span<const Scalar> train_labels);

// Weighted mean as torch.nn.CrossEntropyLoss(weight=w, reduction="mean"): each row i counts with
// the weight of its target class, and the sum is divided by the sum of those weights.
template <class T>
struct ClassWeighting {
  std::vector<T> weights;  // empty: all 1
  T Of(int c) const { return weights.empty() ? T(1) : weights[static_cast<size_t>(c)]; }
  // Sum over all classes of w_c (K when unweighted).
  T Total(int num_classes) const {
    if (weights.empty()) return static_cast<T>(num_classes);
    T s = 0;
    for (T w : weights) s += w;
    return s;
  }
};

}  // namespace optiscope
