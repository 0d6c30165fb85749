#include "engine/train/model_and_loss.h"

#include "engine/models/model_factory.h"

namespace optiscope {

Result<ModelAndLoss> MakeModelAndLoss(const ModelConfig& model, const LossConfig& loss,
                                      TaskKind task, int num_inputs, int num_outputs,
                                      const LossContext& context, long long num_parameters) {
  ModelAndLoss made;
  auto built = MakeModel(model, num_inputs, num_outputs, task);
  if (!built.ok()) return built.status();
  if (num_parameters >= 0 && num_parameters != (*built)->NumParameters()) {
    return Status::InvalidArgument("the parameter buffer does not match the model architecture");
  }
  auto criterion = MakeLoss(loss, task, context);
  if (!criterion.ok()) return criterion.status();
  made.model = std::move(*built);
  made.loss = std::move(*criterion);
  return made;
}

}  // namespace optiscope
