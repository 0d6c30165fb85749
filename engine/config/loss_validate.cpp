// ValidateLossConfig: the loss section's checks that need no data (config_json.h): the field
// schema's ranges, then the rules that tie the loss type to its options. The custom loss's formula
// is compiled here (loss_expression.h), so a typo is reported before a run starts.
#include <algorithm>
#include <initializer_list>
#include <string>

#include "engine/config/config_json.h"
#include "engine/config/config_names.h"
#include "engine/config/config_schema.h"
#include "engine/config/loss_expression.h"

namespace optiscope {
namespace {

bool In(const std::string& type, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return type == n; });
}

}  // namespace

bool IsRegressionLossType(const std::string& type) {
  return In(type, {"mse", "mae", "huber", "log_cosh"});
}

bool IsClassificationLossType(const std::string& type) {
  return In(type, {"cross_entropy", "bce", "hinge", "focal"});
}

Status ValidateLossConfig(const LossConfig& c) {
  ExperimentConfig config;
  config.loss = c;
  OPTISCOPE_RETURN_IF_ERROR(ValidateConfigFields(config, "loss."));  // kinds, ranges, names
  if (c.label_smoothing > 0 && !In(c.type, {"auto", "cross_entropy", "bce"})) {
    return Status::InvalidArgument(
        "loss.label_smoothing: only cross_entropy and bce use it; set "
        "it to 0 for " +
        c.type);
  }
  if (!c.class_weights.empty() && (IsRegressionLossType(c.type) || c.type == "custom")) {
    return Status::InvalidArgument(
        "loss.class_weights: only cross_entropy, bce, hinge and focal "
        "use class weights; remove them for " +
        c.type);
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

}  // namespace optiscope
