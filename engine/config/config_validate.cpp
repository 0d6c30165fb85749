// ValidateExperimentConfig: the checks that do not need the data. Each message names the field
// path ("optimizer.lr") and says what is acceptable, so a user can fix the file without the docs.
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "engine/config/config_json.h"
#include "engine/config/config_names.h"
#include "engine/config/model_catalog.h"
#include "engine/core/closest_name.h"

namespace optiscope {
namespace {

std::string Number(double v) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), v);
  return std::string(buffer, result.ptr);
}

Status Invalid(const std::string& path, const std::string& what) {
  return Status::InvalidArgument(path + ": " + what);
}

Status OneOf(const std::string& path, const std::string& value,
             const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (value == name) return Status::Ok();
  }
  std::string message = "\"" + value + "\" is not one of ";
  for (size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + names[i];
  const std::string hint = ClosestName(value, names);
  if (!hint.empty()) message += " (did you mean \"" + hint + "\"?)";
  return Invalid(path, message);
}

Status Finite(const std::string& path, double v) {
  return std::isfinite(v) ? Status::Ok() : Invalid(path, "must be a finite number");
}

Status Positive(const std::string& path, double v) {
  OPTISCOPE_RETURN_IF_ERROR(Finite(path, v));
  return v > 0 ? Status::Ok() : Invalid(path, "must be > 0, got " + Number(v));
}

Status NonNegative(const std::string& path, double v) {
  OPTISCOPE_RETURN_IF_ERROR(Finite(path, v));
  return v >= 0 ? Status::Ok() : Invalid(path, "must be >= 0, got " + Number(v));
}

Status AtLeast(const std::string& path, long long v, long long min) {
  if (v >= min) return Status::Ok();
  return Invalid(path, "must be >= " + std::to_string(min) + ", got " + std::to_string(v));
}

// v in an interval from lo to hi; the brackets say which ends are included.
Status InRange(const std::string& path, double v, double lo, double hi, bool lo_closed,
               bool hi_closed) {
  OPTISCOPE_RETURN_IF_ERROR(Finite(path, v));
  const bool ok = (lo_closed ? v >= lo : v > lo) && (hi_closed ? v <= hi : v < hi);
  if (ok) return Status::Ok();
  return Invalid(path, std::string("must be in ") + (lo_closed ? "[" : "(") + Number(lo) + ", " +
                           Number(hi) + (hi_closed ? "]" : ")") + ", got " + Number(v));
}

Status ValidateData(const DataConfig& d) {
  if (d.source.empty()) {
    return Invalid("data.source", "must name a built-in dataset, a CSV file or \"synthetic\"");
  }
  const SyntheticOptions& s = d.synthetic;
  OPTISCOPE_RETURN_IF_ERROR(OneOf("data.synthetic.kind", s.kind, SyntheticKinds()));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("data.synthetic.n", s.n, 1));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("data.synthetic.noise", s.noise));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("data.synthetic.classes", s.classes, 2));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("data.synthetic.features", s.features, 1));
  OPTISCOPE_RETURN_IF_ERROR(OneOf("data.task", d.task, TaskNames()));
  OPTISCOPE_RETURN_IF_ERROR(OneOf("data.missing", d.missing, MissingPolicyNames()));
  OPTISCOPE_RETURN_IF_ERROR(OneOf("data.scaling", d.scaling, ScalingNames()));
  OPTISCOPE_RETURN_IF_ERROR(
      InRange("data.validation_fraction", d.validation_fraction, 0, 1, true, false));
  OPTISCOPE_RETURN_IF_ERROR(InRange("data.test_fraction", d.test_fraction, 0, 1, true, false));
  if (d.validation_fraction + d.test_fraction >= 1) {
    return Invalid("data.test_fraction",
                   "validation_fraction + test_fraction must be < 1 to leave training rows, got " +
                       Number(d.validation_fraction) + " + " + Number(d.test_fraction));
  }
  return Status::Ok();
}

Status ValidateModel(const ModelConfig& m) {
  OPTISCOPE_RETURN_IF_ERROR(OneOf("model.type", m.type, ModelTypeNames()));
  for (size_t i = 0; i < m.hidden.size(); ++i) {
    OPTISCOPE_RETURN_IF_ERROR(AtLeast("model.hidden[" + std::to_string(i) + "]", m.hidden[i], 1));
  }
  OPTISCOPE_RETURN_IF_ERROR(OneOf("model.activation", m.activation, ActivationNames()));
  OPTISCOPE_RETURN_IF_ERROR(ValidateModelParams(m));  // model.params against the model catalog
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("model.negative_slope", m.negative_slope));
  return InRange("model.dropout", m.dropout, 0, 1, true, false);
}

Status ValidateRegularization(const RegularizationConfig& r) {
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("regularization.l2", r.l2));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("regularization.l1", r.l1));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("regularization.clip_grad_norm", r.clip_grad_norm));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("regularization.clip_grad_value", r.clip_grad_value));
  OPTISCOPE_RETURN_IF_ERROR(
      AtLeast("regularization.early_stopping_patience", r.early_stopping_patience, 0));
  OPTISCOPE_RETURN_IF_ERROR(
      NonNegative("regularization.early_stopping_min_delta", r.early_stopping_min_delta));
  static const std::vector<std::string> kMonitors = {"val_loss", "val_metric"};
  return OneOf("regularization.early_stopping_monitor", r.early_stopping_monitor, kMonitors);
}

Status ValidateOptimizer(const OptimizerConfig& o) {
  OPTISCOPE_RETURN_IF_ERROR(OneOf("optimizer.type", o.type, OptimizerTypeNames()));
  OPTISCOPE_RETURN_IF_ERROR(Positive("optimizer.lr", o.lr));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("optimizer.momentum", o.momentum));
  OPTISCOPE_RETURN_IF_ERROR(InRange("optimizer.dampening", o.dampening, 0, 1, true, true));
  OPTISCOPE_RETURN_IF_ERROR(InRange("optimizer.beta1", o.beta1, 0, 1, true, false));
  OPTISCOPE_RETURN_IF_ERROR(InRange("optimizer.beta2", o.beta2, 0, 1, true, false));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("optimizer.eps", o.eps));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("optimizer.weight_decay", o.weight_decay));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("optimizer.alpha", o.alpha));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("optimizer.lr_decay", o.lr_decay));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("optimizer.initial_accumulator", o.initial_accumulator));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("optimizer.momentum_decay", o.momentum_decay));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("optimizer.hypergrad_beta", o.hypergrad_beta));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("optimizer.history_size", o.history_size, 1));
  const bool sgd_family =
      o.type == "gd" || o.type == "sgd" || o.type == "momentum" || o.type == "nesterov";
  if (sgd_family && (o.nesterov || o.type == "nesterov") && (o.momentum <= 0 || o.dampening != 0)) {
    return Invalid("optimizer.nesterov",
                   "Nesterov momentum requires momentum > 0 and dampening 0, got momentum " +
                       Number(o.momentum) + " and dampening " + Number(o.dampening));
  }
  return Status::Ok();
}

Status ValidateSchedule(const ScheduleConfig& s) {
  OPTISCOPE_RETURN_IF_ERROR(OneOf("schedule.type", s.type, ScheduleTypeNames()));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("schedule.step_size", s.step_size, 1));
  OPTISCOPE_RETURN_IF_ERROR(Positive("schedule.gamma", s.gamma));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("schedule.eta_min", s.eta_min));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("schedule.warmup_epochs", s.warmup_epochs, 0));
  OPTISCOPE_RETURN_IF_ERROR(InRange("schedule.start_factor", s.start_factor, 0, 1, false, true));
  OPTISCOPE_RETURN_IF_ERROR(NonNegative("schedule.max_lr", s.max_lr));
  OPTISCOPE_RETURN_IF_ERROR(InRange("schedule.pct_start", s.pct_start, 0, 1, false, false));
  OPTISCOPE_RETURN_IF_ERROR(Positive("schedule.div_factor", s.div_factor));
  OPTISCOPE_RETURN_IF_ERROR(Positive("schedule.final_div_factor", s.final_div_factor));
  OPTISCOPE_RETURN_IF_ERROR(InRange("schedule.base_momentum", s.base_momentum, 0, 1, true, false));
  OPTISCOPE_RETURN_IF_ERROR(InRange("schedule.max_momentum", s.max_momentum, 0, 1, true, false));
  OPTISCOPE_RETURN_IF_ERROR(InRange("schedule.factor", s.factor, 0, 1, false, false));
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("schedule.patience", s.patience, 0));
  return NonNegative("schedule.threshold", s.threshold);
}

Status ValidateTraining(const TrainingConfig& t) {
  OPTISCOPE_RETURN_IF_ERROR(AtLeast("training.epochs", t.epochs, 1));
  if (t.batch_size < 0) {
    return Invalid("training.batch_size",
                   "must be >= 0 (0 = full batch), got " + std::to_string(t.batch_size));
  }
  return Status::Ok();
}

}  // namespace

Status ValidateExperimentConfig(const ExperimentConfig& c) {
  if (c.version != 1) {
    return Invalid("version", "unsupported schema version " + std::to_string(c.version) +
                                  " (this build reads version 1)");
  }
  OPTISCOPE_RETURN_IF_ERROR(ValidateData(c.data));
  OPTISCOPE_RETURN_IF_ERROR(ValidateModel(c.model));
  OPTISCOPE_RETURN_IF_ERROR(OneOf("loss.type", c.loss.type, LossTypeNames()));
  OPTISCOPE_RETURN_IF_ERROR(ValidateLossConfig(c.loss));
  OPTISCOPE_RETURN_IF_ERROR(ValidateRegularization(c.regularization));
  OPTISCOPE_RETURN_IF_ERROR(ValidateOptimizer(c.optimizer));
  OPTISCOPE_RETURN_IF_ERROR(ValidateSchedule(c.schedule));
  OPTISCOPE_RETURN_IF_ERROR(ValidateFeaturesConfig(c.features));
  OPTISCOPE_RETURN_IF_ERROR(
      AtLeast("training.projection_every", c.training.projection_every, 0));
  return ValidateTraining(c.training);
}

}  // namespace optiscope
