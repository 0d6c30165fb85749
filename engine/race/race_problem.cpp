#include "engine/race/race_problem.h"

#include <cmath>

#include "engine/data/data_source.h"
#include "engine/data/preprocessing.h"
#include "engine/data/splits.h"
#include "engine/losses/loss_factory.h"
#include "engine/models/model_factory.h"
#include "engine/train/configured_split.h"

namespace optiscope {

Result<RaceProblem> PrepareRaceProblem(const ExperimentConfig& config) {
  if (config.training.epochs < 1) {
    return Status::InvalidArgument("training.epochs: must be at least 1, got " +
                                   std::to_string(config.training.epochs));
  }
  auto dataset = LoadDataset(config.data);
  if (!dataset.ok()) return dataset.status();
  RaceProblem p;
  p.task = dataset->task;
  auto split = MakeConfiguredSplit(config.data, *dataset);
  if (!split.ok()) return split.status();
  p.train = dataset->Subset(split->train);
  p.validation = dataset->Subset(split->validation);

  Imputation imputation = Imputation::kMean;
  if (config.data.missing != "drop") {
    auto parsed = ParseImputation(config.data.missing);
    if (!parsed.ok()) return Status::InvalidArgument("data.missing: " + parsed.status().message());
    imputation = *parsed;
  }
  auto scaling = ParseScaling(config.data.scaling);
  if (!scaling.ok()) return Status::InvalidArgument("data.scaling: " + scaling.status().message());
  Preprocessor preprocessor(imputation, *scaling);
  preprocessor.Fit(p.train.X);
  for (Dataset* part : {&p.train, &p.validation}) {
    if (part->NumRows() > 0) preprocessor.Transform(&part->X);
  }
  if (p.task == TaskKind::kRegression) {
    const VecD ty = p.train.y.cast<double>();
    const double mean = ty.mean();
    const double sd = std::sqrt((ty.array() - mean).square().mean());
    p.target_scaling.offset = mean;
    p.target_scaling.scale = sd > 0 && std::isfinite(sd) ? sd : 1.0;
    for (Dataset* part : {&p.train, &p.validation}) {
      part->y =
          ((part->y.cast<double>().array() - p.target_scaling.offset) / p.target_scaling.scale)
              .cast<Scalar>()
              .matrix();
    }
  }
  p.num_classes = dataset->NumClasses();
  const int num_outputs = NumModelOutputs(p.task, dataset->NumClasses());
  auto model = MakeModel(config.model, dataset->NumFeatures(), num_outputs, p.task);
  if (!model.ok()) return model.status();
  auto loss = MakeLoss(config.loss, p.task);
  if (!loss.ok()) return loss.status();
  p.model = std::move(*model);
  p.loss = std::move(*loss);
  p.initial_params.resize(p.model->NumParameters());
  Rng init_rng = Rng(config.training.seed).Fork(0);
  p.model->Initialize(p.initial_params, init_rng);
  std::string source =
      config.data.source == "synthetic" ? config.data.synthetic.kind : config.data.source;
  if (const size_t slash = source.find_last_of('/'); slash != std::string::npos) {
    source = source.substr(slash + 1);
  }
  p.description = source + ": " + p.model->Describe();
  return p;
}

}  // namespace optiscope
