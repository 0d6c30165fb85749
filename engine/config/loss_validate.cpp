// ValidateLossConfig: the loss section's checks that need no data (config_json.h). The custom
// loss's formula is compiled here (loss_expression.h), so a typo is reported before a run starts.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <string>

#include "engine/config/config_json.h"
#include "engine/config/config_names.h"
#include "engine/config/loss_expression.h"

namespace optiscope {
namespace {

bool In(const std::string& type, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return type == n; });
}

std::string Num(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

bool IsRegressionLossType(const std::string& type) {
  return In(type, {"mse", "mae", "huber", "log_cosh"});
}

bool IsClassificationLossType(const std::string& type) {
  return In(type, {"cross_entropy", "bce", "hinge", "focal"});
}

Status ValidateLossConfig(const LossConfig& c) {
  const auto& names = LossTypeNames();
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
  if (!c.class_weights.empty() && (IsRegressionLossType(c.type) || c.type == "custom")) {
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

}  // namespace optiscope
