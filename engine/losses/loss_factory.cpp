#include "engine/losses/loss_factory.h"

#include "engine/losses/cross_entropy_loss.h"
#include "engine/losses/mse_loss.h"

namespace optiscope {

Result<std::unique_ptr<Loss>> MakeLoss(const LossConfig& config, TaskKind task) {
  std::string type = config.type;
  if (type == "auto") type = task == TaskKind::kClassification ? "cross_entropy" : "mse";
  if (type == "cross_entropy") {
    if (task != TaskKind::kClassification) {
      return Status::InvalidArgument(
          "loss.type: cross_entropy needs a classification target; use mse for regression");
    }
    return std::unique_ptr<Loss>(std::make_unique<CrossEntropyLoss<Scalar>>());
  }
  if (type == "mse") {
    if (task != TaskKind::kRegression) {
      return Status::InvalidArgument(
          "loss.type: mse needs a regression target; use cross_entropy for classification");
    }
    return std::unique_ptr<Loss>(std::make_unique<MseLoss<Scalar>>());
  }
  return Status::InvalidArgument("loss.type: unknown loss '" + config.type +
                                 "' (expected auto, cross_entropy or mse)");
}

}  // namespace optiscope
