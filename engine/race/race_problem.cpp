#include "engine/race/race_problem.h"

#include "engine/losses/loss_factory.h"
#include "engine/models/model_factory.h"
#include "engine/train/prepared_splits.h"

namespace optiscope {

Result<RaceProblem> PrepareRaceProblem(const ExperimentConfig& config) {
  if (config.training.epochs < 1) {
    return Status::InvalidArgument("training.epochs: must be at least 1, got " +
                                   std::to_string(config.training.epochs));
  }
  auto data = PrepareSplits(config);
  if (!data.ok()) return data.status();
  RaceProblem p;
  p.task = data->task;
  p.train = std::move(data->train);
  p.validation = std::move(data->validation);
  p.target_scaling = data->target_scaling;
  p.num_classes = data->num_classes;
  const int num_outputs = NumModelOutputs(p.task, data->num_classes);
  auto model = MakeModel(config.model, data->num_features, num_outputs, p.task);
  if (!model.ok()) return model.status();
  auto loss = MakeLoss(config.loss, p.task);
  if (!loss.ok()) return loss.status();
  p.model = std::move(*model);
  p.loss = std::move(*loss);
  p.initial_params.resize(p.model->NumParameters());
  Rng init_rng = Rng(config.training.seed).Fork(0);
  p.model->Initialize(p.initial_params, init_rng);
  std::string source =
      config.data.source == "synthetic" ? EnumName(config.data.synthetic.kind) : config.data.source;
  if (const size_t slash = source.find_last_of('/'); slash != std::string::npos) {
    source = source.substr(slash + 1);
  }
  p.description = source + ": " + p.model->Describe();
  return p;
}

}  // namespace optiscope
