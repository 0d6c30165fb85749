#include "engine/train/prepared_splits.h"

#include <cmath>

#include "engine/data/data_source.h"
#include "engine/train/configured_split.h"

namespace optiscope {

namespace {

TargetScaling StandardizeTargets(std::initializer_list<Dataset*> parts) {
  Dataset& train = **parts.begin();
  const VecD ty = train.y.cast<double>();
  const double mean = ty.mean();
  const double sd = std::sqrt((ty.array() - mean).square().mean());
  TargetScaling scaling;
  scaling.offset = mean;
  scaling.scale = sd > 0 && std::isfinite(sd) ? sd : 1.0;
  for (Dataset* part : parts) {
    part->y = ((part->y.cast<double>().array() - scaling.offset) / scaling.scale)
                  .cast<Scalar>()
                  .matrix();
  }
  return scaling;
}

}  // namespace

Result<PreparedSplits> PrepareSplits(const ExperimentConfig& config,
                                     const PrepareOptions& options) {
  auto dataset = LoadDataset(config.data);
  if (!dataset.ok()) return dataset.status();
  auto split = options.split ? Result<HoldoutSplit>(*options.split)
                             : MakeConfiguredSplit(config.data, *dataset);
  if (!split.ok()) return split.status();

  PreparedSplits p;
  p.task = dataset->task;
  p.train = dataset->Subset(split->train);
  p.validation = dataset->Subset(split->validation);
  p.test = dataset->Subset(split->test);
  p.preprocessor = Preprocessor(ImputationOf(config.data.missing), config.data.scaling);
  p.preprocessor.Fit(p.train.X);
  for (Dataset* part : {&p.train, &p.validation, &p.test}) {
    if (part->NumRows() > 0) p.preprocessor.Transform(&part->X);
  }
  if (p.task == TaskKind::kRegression && options.standardize_targets) {
    p.target_scaling = StandardizeTargets({&p.train, &p.validation, &p.test});
  }
  p.num_features = dataset->NumFeatures();
  p.num_classes = dataset->NumClasses();
  p.dataset_name = dataset->name;
  p.feature_names = dataset->feature_names;
  p.target_name = dataset->target_name;
  p.class_names = dataset->class_names;
  return p;
}

}  // namespace optiscope
