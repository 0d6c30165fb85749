#include "engine/train/configured_split.h"

#include <span>

namespace optiscope {

Result<HoldoutSplit> MakeConfiguredSplit(const DataConfig& data, const Dataset& dataset) {
  HoldoutOptions holdout;
  holdout.validation_fraction = data.validation_fraction;
  holdout.test_fraction = data.test_fraction;
  holdout.seed = data.split_seed;
  const bool classify = dataset.task == TaskKind::kClassification;
  holdout.stratify = data.stratify && classify;
  std::span<const Scalar> labels;
  if (classify) labels = std::span<const Scalar>(dataset.y.data(), dataset.y.size());
  return MakeHoldoutSplit(dataset.NumRows(), holdout, labels);
}

}  // namespace optiscope
