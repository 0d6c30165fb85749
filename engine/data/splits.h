// Seeded data splits: holdout (train/validation/test), k-fold and stratified k-fold.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/types.h"

namespace optiscope {

struct HoldoutSplit {
  std::vector<int> train, validation, test;  // row indices, disjoint, covering all rows
};

struct HoldoutOptions {
  double validation_fraction = 0.1;
  double test_fraction = 0.2;
  uint64_t seed = 0;
  bool stratify = true;  // keep class proportions (only when labels are given)
};

// Shuffles rows with `seed` and cuts them. With labels and stratify, each class is split in the
// same proportions. Sizes: test = round(n * test_fraction), validation likewise, train the rest.
// InvalidArgument if fractions are negative, sum to >= 1, or leave train empty.
// `labels` (class ids) may be empty for regression.
Result<HoldoutSplit> MakeHoldoutSplit(int n, const HoldoutOptions& options,
                                      std::span<const Scalar> labels = {});

struct Fold {
  std::vector<int> train, validation;
};

// k folds after a seeded shuffle; validation parts are disjoint and cover all rows, sizes differ
// by at most one. InvalidArgument unless 2 <= k <= n.
Result<std::vector<Fold>> MakeKFold(int n, int k, uint64_t seed);

// As MakeKFold but each fold keeps class proportions (scikit-learn's StratifiedKFold idea).
Result<std::vector<Fold>> MakeStratifiedKFold(std::span<const Scalar> labels, int k, uint64_t seed);

}  // namespace optiscope
