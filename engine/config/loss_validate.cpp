// ValidateLossConfig: the loss section's checks that need no data (config_json.h): the field
// schema's ranges, then the rules that tie the loss type to its options. The custom loss's formula
// is compiled here (loss_expression.h), so a typo is reported before a run starts.
#include <string>

#include "engine/config/config_json.h"
#include "engine/config/config_names.h"
#include "engine/config/config_schema.h"
#include "engine/config/loss_expression.h"

namespace optiscope {

Status ValidateLossConfig(const LossConfig& c) {
  ExperimentConfig config;
  config.loss = c;
  OPTISCOPE_RETURN_IF_ERROR(ValidateConfigFields(config, "loss."));  // kinds, ranges, names
  const bool smoothable =
      c.type == LossType::kAuto || c.type == LossType::kCrossEntropy || c.type == LossType::kBce;
  if (c.label_smoothing > 0 && !smoothable) {
    return Status::InvalidArgument(
        "loss.label_smoothing: only cross_entropy and bce use it; set "
        "it to 0 for " +
        EnumName(c.type));
  }
  if (!c.class_weights.empty() && (IsRegressionLossType(c.type) || c.type == LossType::kCustom)) {
    return Status::InvalidArgument(
        "loss.class_weights: only cross_entropy, bce, hinge and focal "
        "use class weights; remove them for " +
        EnumName(c.type));
  }
  if (c.type == LossType::kCustom) {
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

}  // namespace optiscope
