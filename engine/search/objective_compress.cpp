#include "engine/search/objective_compress.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/compress/evaluate_compressed.h"
#include "engine/compress/pruning.h"
#include "engine/compress/quant_scheme.h"
#include "engine/train/experiment.h"
#include "engine/train/model_file.h"
#include "engine/core/types.h"

namespace optiscope {
namespace {

// A boolean parameter: a "true"/"false" choice label, or a number (non-zero = true).
Result<bool> BoolOf(const TrialParam& p) {
  if (p.label == "true" || p.label == "1") return true;
  if (p.label == "false" || p.label == "0") return false;
  if (p.label.empty()) return p.value != 0.0;
  return Status::InvalidArgument("parameter " + p.name + ": expected true or false, got '" +
                                 p.label + "'");
}

// A numeric parameter: its value, or its choice label read as a number ("8", "1.58", "ternary").
Result<double> ParamNumberOrBits(const TrialParam& p, bool bits) {
  if (p.label.empty()) return p.value;
  if (bits) {
    auto b = ParseBits(p.label);
    if (!b.ok()) return Status::InvalidArgument("parameter bits: " + b.status().message());
    return *b;
  }
  char* end = nullptr;
  const double v = std::strtod(p.label.c_str(), &end);
  if (end == p.label.c_str() || *end != '\0') {
    return Status::InvalidArgument("parameter " + p.name + ": expected a number, got '" +
                                   p.label + "'");
  }
  return v;
}

double MetricValue(const std::string& name, const CompressionMetrics& m) {
  if (name == "accuracy") return m.accuracy;
  if (name == "rmse") return m.rmse;
  if (name == "bytes") return static_cast<double>(m.bytes);
  if (name == "ratio") return m.bytes > 0 ? static_cast<double>(m.float_bytes) / m.bytes : kNaN;
  if (name == "latency_ms") return m.latency_ms;
  if (name == "sparsity") return m.sparsity;
  return kNaN;
}

}  // namespace

const std::vector<std::string>& CompressMetricNames() {
  static const std::vector<std::string> names = {"accuracy",   "rmse",    "bytes", "ratio",
                                                 "latency_ms", "sparsity"};
  return names;
}

Direction DefaultCompressDirection(const std::string& metric) {
  return metric == "accuracy" || metric == "ratio" || metric == "sparsity" ? Direction::kMaximize
                                                                           : Direction::kMinimize;
}

const std::vector<std::string>& CompressParamNames() {
  static const std::vector<std::string> names = {
      "bits", "per_channel", "symmetric", "sparsity", "activation_bits", "fine_tune_epochs",
      "qat",  "scope",       "calibration"};
  return names;
}

SearchSpace DefaultCompressSpace() {
  SearchSpace s;
  (void)s.Add(CategoricalParam("bits", {"32", "8", "4", "2", "1.58", "1"}));
  (void)s.Add(CategoricalParam("per_channel", {"true", "false"}));
  (void)s.Add(FloatParam("sparsity", 0.0, 0.9));
  (void)s.Add(CategoricalParam("activation_bits", {"8", "4", "0"}));
  (void)s.Add(IntParam("fine_tune_epochs", 0, 3));
  return s;
}

Result<CompressionSettings> CompressSettingsOf(const std::vector<TrialParam>& params,
                                               double fine_tune_lr) {
  CompressionSettings s;
  s.latency_repeats = 0;
  s.fine.learning_rate = fine_tune_lr;
  bool epochs_given = false;
  for (const TrialParam& p : params) {
    if (p.name == "bits") {
      auto v = ParamNumberOrBits(p, true);
      if (!v.ok()) return v.status();
      s.bits = *v;
    } else if (p.name == "per_channel" || p.name == "symmetric" || p.name == "qat") {
      auto v = BoolOf(p);
      if (!v.ok()) return v.status();
      (p.name == "per_channel" ? s.per_channel : p.name == "symmetric" ? s.symmetric : s.qat) = *v;
    } else if (p.name == "sparsity") {
      auto v = ParamNumberOrBits(p, false);
      if (!v.ok()) return v.status();
      s.sparsity = *v;
    } else if (p.name == "activation_bits") {
      auto v = ParamNumberOrBits(p, false);
      if (!v.ok()) return v.status();
      s.activation_bits = static_cast<int>(std::lround(*v));
    } else if (p.name == "fine_tune_epochs") {
      auto v = ParamNumberOrBits(p, false);
      if (!v.ok()) return v.status();
      s.fine.epochs = static_cast<int>(std::lround(*v));
      epochs_given = true;
    } else if (p.name == "scope") {
      auto v = ParsePruneScope(p.label);
      if (!v.ok()) return Status::InvalidArgument("parameter scope: " + v.status().message());
      s.scope = *v;
    } else if (p.name == "calibration") {
      auto v = ParseCalibration(p.label);
      if (!v.ok()) return Status::InvalidArgument("parameter calibration: " + v.status().message());
      s.calibration = *v;
    } else {
      return Status::InvalidArgument("parameter " + p.name + " is not a compression setting");
    }
  }
  if (epochs_given && s.fine.epochs <= 0) {
    s.prune_fine_tune = false;  // one-shot pruning
    s.qat = false;
    s.fine.epochs = 1;
  }
  return s;
}

CompressObjective::CompressObjective(CompressObjectiveOptions options)
    : options_(std::move(options)) {}

Result<std::shared_ptr<const CompressObjective::Base>> CompressObjective::GetBase(
    std::stop_token stop) {
  std::lock_guard lock(mu_);
  if (base_ != nullptr) return base_;
  auto base = std::make_shared<Base>();
  DataConfig data;
  if (!options_.model_path.empty()) {
    auto loaded = LoadTrainedModel(options_.model_path);
    if (!loaded.ok()) return loaded.status();
    if (loaded->model.estimator || loaded->model.parameters.empty()) {
      return Status::InvalidArgument(options_.model_path +
                                     ": compression works on dense models (mlp, logistic, "
                                     "linear), not '" +
                                     EnumName(loaded->config.model.type) + "'");
    }
    base->model = std::move(loaded->model);
    data = loaded->config.data;
  } else if (options_.config.has_value()) {
    NullEventSink sink;
    auto run = RunExperiment(*options_.config, sink, stop);
    if (!run.ok()) return run.status();
    if (run->status.code() == StatusCode::kCancelled) return run->status;
    if (!run->status.ok()) {
      return Status::InvalidArgument("training the model to compress: " + run->status.message());
    }
    if (run->model.estimator || run->model.parameters.empty()) {
      return Status::InvalidArgument("compression works on dense models (mlp, logistic, linear)");
    }
    base->model = std::move(run->model);
    data = options_.config->data;
  } else {
    return Status::InvalidArgument("compress objective: give \"model\" or \"config\"");
  }
  auto prepared = PrepareCompressionData(data, base->model);
  if (!prepared.ok()) return prepared.status();
  base->data = *std::move(prepared);
  base->source = data;
  base_ = std::move(base);
  return base_;
}

Result<CompressionResult> CompressObjective::Compress(const std::vector<TrialParam>& params,
                                                      std::stop_token stop) {
  auto settings = CompressSettingsOf(params, options_.fine_tune_lr);
  if (!settings.ok()) return settings.status();
  auto base = GetBase(stop);
  if (!base.ok()) return base.status();
  auto result = CompressTrainedModel((*base)->model, *settings, (*base)->data, stop);
  if (result.ok()) result->model.source_config = CompressedSourceConfig((*base)->source);
  return result;
}

Result<std::vector<double>> CompressObjective::Evaluate(const TrialRequest& request,
                                                        TrialContext& context) {
  auto settings = CompressSettingsOf(request.params, options_.fine_tune_lr);
  if (!settings.ok()) return settings.status();
  if (std::find(options_.metrics.begin(), options_.metrics.end(), "latency_ms") !=
      options_.metrics.end()) {
    settings->latency_rows = options_.latency_rows;
    settings->latency_repeats = 5;
  }
  auto base = GetBase(context.StopToken());
  if (!base.ok()) return base.status();
  auto metrics = CompressAndEvaluate((*base)->model, *settings, (*base)->data,
                                     context.StopToken());
  if (!metrics.ok()) return metrics.status();
  std::vector<double> values;
  for (const std::string& name : options_.metrics) {
    const double v = MetricValue(name, *metrics);
    if (std::isnan(v)) {
      return Status::InvalidArgument(name + " is undefined for this model (accuracy needs a "
                                     "classifier, rmse a regressor)");
    }
    values.push_back(v);
  }
  return values;
}

}  // namespace optiscope
