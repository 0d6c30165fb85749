// ValidateExperimentConfig: the checks that do not need the data. Every field's kind, range and
// choices come from the field schema (config_schema.h); what is left here are the rules that tie
// fields together. Each message names the field path ("optimizer.lr") and says what is
// acceptable, so a user can fix the file without the docs.
#include <string>

#include "engine/config/config_json.h"
#include "engine/config/config_names.h"
#include "engine/config/config_schema.h"
#include "engine/config/model_catalog.h"
#include "engine/core/str_cat.h"

namespace optiscope {
namespace {

Status Invalid(const std::string& path, const std::string& what) {
  return Status::InvalidArgument(path + ": " + what);
}

Status CheckDataRules(const DataConfig& d) {
  if (d.source.empty()) {
    return Invalid("data.source", "must name a built-in dataset, a CSV file or \"synthetic\"");
  }
  if (d.validation_fraction + d.test_fraction >= 1) {
    return Invalid("data.test_fraction",
                   StrCat({"validation_fraction + test_fraction must be < 1 to leave training "
                           "rows, got ",
                           FormatNumber(d.validation_fraction), " + ",
                           FormatNumber(d.test_fraction)}));
  }
  return Status::Ok();
}

// Nesterov momentum needs a momentum to look ahead with and no dampening (torch.optim.SGD).
Status CheckNesterov(const OptimizerConfig& o) {
  const bool sgd_family = o.type == OptimizerType::kGd || o.type == OptimizerType::kSgd ||
                          o.type == OptimizerType::kMomentum || o.type == OptimizerType::kNesterov;
  const bool nesterov = o.nesterov || o.type == OptimizerType::kNesterov;
  if (sgd_family && nesterov && (o.momentum <= 0 || o.dampening != 0)) {
    return Invalid("optimizer.nesterov",
                   StrCat({"Nesterov momentum requires momentum > 0 and dampening 0, got momentum ",
                           FormatNumber(o.momentum), " and dampening ",
                           FormatNumber(o.dampening)}));
  }
  return Status::Ok();
}

}  // namespace

Status ValidateOptimizerConfig(const OptimizerConfig& optimizer) {
  ExperimentConfig c;
  c.optimizer = optimizer;
  OPTISCOPE_RETURN_IF_ERROR(ValidateConfigFields(c, "optimizer."));
  return CheckNesterov(optimizer);
}

Status ValidateExperimentConfig(const ExperimentConfig& c) {
  if (c.version != 1) {
    return Invalid("version", StrCat({"unsupported schema version ", std::to_string(c.version),
                                      " (this build reads version 1)"}));
  }
  OPTISCOPE_RETURN_IF_ERROR(ValidateConfigFields(c));
  OPTISCOPE_RETURN_IF_ERROR(CheckDataRules(c.data));
  OPTISCOPE_RETURN_IF_ERROR(ValidateModelParams(c.model));  // model.params: the model catalog
  OPTISCOPE_RETURN_IF_ERROR(ValidateLossConfig(c.loss));
  return CheckNesterov(c.optimizer);
}

}  // namespace optiscope
