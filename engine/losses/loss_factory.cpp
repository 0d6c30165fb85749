#include "engine/losses/loss_factory.h"

#include <algorithm>
#include <cmath>

#include "engine/losses/binary_cross_entropy_loss.h"
#include "engine/losses/class_weighting.h"
#include "engine/losses/cross_entropy_loss.h"
#include "engine/losses/custom_loss.h"
#include "engine/losses/focal_loss.h"
#include "engine/losses/hinge_loss.h"
#include "engine/losses/mse_loss.h"
#include "engine/losses/pointwise_loss.h"

namespace optiscope {
namespace {

bool In(const std::string& type, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return type == n; });
}

bool IsRegressionLoss(const std::string& t) { return In(t, {"mse", "mae", "huber", "log_cosh"}); }
bool IsClassificationLoss(const std::string& t) {
  return In(t, {"cross_entropy", "bce", "hinge", "focal"});
}

std::string Num(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

const std::vector<std::string>& LossNames() {
  static const std::vector<std::string> names = {"auto",          "mse",   "mae",   "huber",
                                                 "log_cosh",      "bce",   "hinge", "focal",
                                                 "cross_entropy", "custom"};
  return names;
}

bool LossFitsTask(const std::string& type, TaskKind task) {
  if (type == "auto" || type == "custom") return true;
  return task == TaskKind::kRegression ? IsRegressionLoss(type) : IsClassificationLoss(type);
}

Status ValidateLossConfig(const LossConfig& c) {
  const auto& names = LossNames();
  if (std::find(names.begin(), names.end(), c.type) == names.end()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return Status::InvalidArgument("loss.type: \"" + c.type + "\" is not one of " + list);
  }
  if (!(c.huber_delta > 0) || !std::isfinite(c.huber_delta)) {
    return Status::InvalidArgument("loss.huber_delta: must be > 0, got " + Num(c.huber_delta));
  }
  if (!(c.focal_gamma >= 0) || !std::isfinite(c.focal_gamma)) {
    return Status::InvalidArgument("loss.focal_gamma: must be >= 0, got " + Num(c.focal_gamma));
  }
  if (!std::isfinite(c.focal_alpha) || c.focal_alpha > 1) {
    return Status::InvalidArgument(
        "loss.focal_alpha: must be in [0, 1] (or negative for off), got " + Num(c.focal_alpha));
  }
  if (!(c.label_smoothing >= 0 && c.label_smoothing <= 1)) {
    return Status::InvalidArgument("loss.label_smoothing: must be in [0, 1], got " +
                                   Num(c.label_smoothing));
  }
  if (c.label_smoothing > 0 && !In(c.type, {"auto", "cross_entropy", "bce"})) {
    return Status::InvalidArgument(
        "loss.label_smoothing: only cross_entropy and bce use it; set "
        "it to 0 for " +
        c.type);
  }
  if (!c.class_weights.empty() && (IsRegressionLoss(c.type) || c.type == "custom")) {
    return Status::InvalidArgument(
        "loss.class_weights: only cross_entropy, bce, hinge and focal "
        "use class weights; remove them for " +
        c.type);
  }
  for (size_t i = 0; i < c.class_weights.values.size(); ++i) {
    const double w = c.class_weights.values[i];
    if (!std::isfinite(w) || w < 0) {
      return Status::InvalidArgument("loss.class_weights[" + std::to_string(i) +
                                     "]: must be a finite number >= 0, got " + Num(w));
    }
  }
  if (c.type == "custom") {
    if (c.expression.empty()) {
      return Status::InvalidArgument(
          "loss.expression: a custom loss needs a formula of p and y, e.g. abs(p - y)^1.5");
    }
    auto compiled = LossExpression::Compile(c.expression);
    if (!compiled.ok()) {
      return Status::InvalidArgument("loss.expression: " + compiled.status().message());
    }
  }
  return Status::Ok();
}

Result<std::unique_ptr<Loss>> MakeLoss(const LossConfig& config, TaskKind task,
                                       const LossContext& context) {
  using Ptr = std::unique_ptr<Loss>;
  OPTISCOPE_RETURN_IF_ERROR(ValidateLossConfig(config));
  const bool classification = task == TaskKind::kClassification;
  std::string type = config.type;
  if (type == "auto") type = classification ? "cross_entropy" : "mse";
  if (!LossFitsTask(type, task)) {
    return Status::InvalidArgument(
        "loss.type: " + type + " needs a " + (classification ? "regression" : "classification") +
        " target, but the task is " + (classification ? "classification" : "regression") +
        (classification ? "; use cross_entropy, bce, hinge, focal or custom"
                        : "; use mse, mae, huber, log_cosh or custom"));
  }
  if (type == "mse") return Ptr(std::make_unique<MseLoss<Scalar>>());
  if (type == "mae") return Ptr(std::make_unique<PointwiseLoss<Scalar>>(PointwiseKind::kMae));
  if (type == "huber") {
    return Ptr(std::make_unique<PointwiseLoss<Scalar>>(PointwiseKind::kHuber, config.huber_delta));
  }
  if (type == "log_cosh") {
    return Ptr(std::make_unique<PointwiseLoss<Scalar>>(PointwiseKind::kLogCosh));
  }
  if (type == "custom") {
    auto expression = LossExpression::Compile(config.expression);
    if (!expression.ok()) return expression.status();
    return Ptr(std::make_unique<CustomLoss<Scalar>>(std::move(*expression), classification));
  }
  // Classification losses.
  const int k = context.num_classes;
  if (!config.class_weights.empty() && k <= 0) {
    return Status::InvalidArgument("loss.class_weights: the number of classes is not known");
  }
  auto resolved = ResolveClassWeights(config.class_weights, k, context.train_labels);
  if (!resolved.ok()) return resolved.status();
  const std::vector<Scalar> weights(resolved->begin(), resolved->end());
  if (type == "cross_entropy") {
    return Ptr(std::make_unique<CrossEntropyLoss<Scalar>>(weights, config.label_smoothing));
  }
  if (type == "bce") {
    if (k != 2) {
      return Status::InvalidArgument("loss.type: bce is for 2-class tasks, the data has " +
                                     std::to_string(k) +
                                     " classes; use cross_entropy, hinge or focal");
    }
    return Ptr(std::make_unique<BinaryCrossEntropyLoss<Scalar>>(weights, config.label_smoothing));
  }
  if (type == "hinge") return Ptr(std::make_unique<HingeLoss<Scalar>>(weights));
  if (config.focal_alpha >= 0 && k != 2) {
    return Status::InvalidArgument(
        "loss.focal_alpha: alpha weights class 1 against class 0 and needs 2 classes (the data "
        "has " +
        std::to_string(k) + "); set it negative and use loss.class_weights instead");
  }
  return Ptr(std::make_unique<FocalLoss<Scalar>>(config.focal_gamma, config.focal_alpha, weights));
}

}  // namespace optiscope
