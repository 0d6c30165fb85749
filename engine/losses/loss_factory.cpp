#include "engine/losses/loss_factory.h"

#include <algorithm>
#include <cmath>

#include "engine/config/config_json.h"
#include "engine/config/config_names.h"
#include "engine/losses/binary_cross_entropy_loss.h"
#include "engine/losses/class_weighting.h"
#include "engine/losses/cross_entropy_loss.h"
#include "engine/losses/custom_loss.h"
#include "engine/losses/focal_loss.h"
#include "engine/losses/hinge_loss.h"
#include "engine/losses/mse_loss.h"
#include "engine/losses/pointwise_loss.h"

namespace optiscope {

bool LossFitsTask(LossType type, TaskKind task) {
  if (type == LossType::kAuto || type == LossType::kCustom) return true;
  return task == TaskKind::kRegression ? IsRegressionLossType(type)
                                       : IsClassificationLossType(type);
}

namespace {

// The classification losses, after the class weights are resolved.
Result<std::unique_ptr<Loss>> MakeClassificationLoss(LossType type, const LossConfig& config,
                                                     const LossContext& context) {
  using Ptr = std::unique_ptr<Loss>;
  const int k = context.num_classes;
  if (!config.class_weights.empty() && k <= 0) {
    return Status::InvalidArgument("loss.class_weights: the number of classes is not known");
  }
  auto resolved = ResolveClassWeights(config.class_weights, k, context.train_labels);
  if (!resolved.ok()) return resolved.status();
  const std::vector<Scalar> weights(resolved->begin(), resolved->end());
  if (type == LossType::kCrossEntropy) {
    return Ptr(std::make_unique<CrossEntropyLoss<Scalar>>(weights, config.label_smoothing));
  }
  if (type == LossType::kBce) {
    if (k != 2) {
      return Status::InvalidArgument("loss.type: bce is for 2-class tasks, the data has " +
                                     std::to_string(k) +
                                     " classes; use cross_entropy, hinge or focal");
    }
    return Ptr(std::make_unique<BinaryCrossEntropyLoss<Scalar>>(weights, config.label_smoothing));
  }
  if (type == LossType::kHinge) return Ptr(std::make_unique<HingeLoss<Scalar>>(weights));
  if (config.focal_alpha >= 0 && k != 2) {
    return Status::InvalidArgument(
        "loss.focal_alpha: alpha weights class 1 against class 0 and needs 2 classes (the data "
        "has " +
        std::to_string(k) + "); set it negative and use loss.class_weights instead");
  }
  return Ptr(std::make_unique<FocalLoss<Scalar>>(config.focal_gamma, config.focal_alpha, weights));
}

}  // namespace

Result<std::unique_ptr<Loss>> MakeLoss(const LossConfig& config, TaskKind task,
                                       const LossContext& context) {
  using Ptr = std::unique_ptr<Loss>;
  OPTISCOPE_RETURN_IF_ERROR(ValidateLossConfig(config));
  const bool classification = task == TaskKind::kClassification;
  LossType type = config.type;
  if (type == LossType::kAuto) type = classification ? LossType::kCrossEntropy : LossType::kMse;
  if (!LossFitsTask(type, task)) {
    return Status::InvalidArgument(
        "loss.type: " + EnumName(type) + " needs a " +
        (classification ? "regression" : "classification") + " target, but the task is " +
        (classification ? "classification" : "regression") +
        (classification ? "; use cross_entropy, bce, hinge, focal or custom"
                        : "; use mse, mae, huber, log_cosh or custom"));
  }
  switch (type) {
    case LossType::kMse:
      return Ptr(std::make_unique<MseLoss<Scalar>>());
    case LossType::kMae:
      return Ptr(std::make_unique<PointwiseLoss<Scalar>>(PointwiseKind::kMae));
    case LossType::kHuber:
      return Ptr(
          std::make_unique<PointwiseLoss<Scalar>>(PointwiseKind::kHuber, config.huber_delta));
    case LossType::kLogCosh:
      return Ptr(std::make_unique<PointwiseLoss<Scalar>>(PointwiseKind::kLogCosh));
    case LossType::kCustom: {
      auto expression = LossExpression::Compile(config.expression);
      if (!expression.ok()) return expression.status();
      return Ptr(std::make_unique<CustomLoss<Scalar>>(std::move(*expression), classification));
    }
    case LossType::kAuto:  // resolved above
    case LossType::kBce:
    case LossType::kCrossEntropy:
    case LossType::kHinge:
    case LossType::kFocal:
      break;
  }
  return MakeClassificationLoss(type, config, context);
}

}  // namespace optiscope
