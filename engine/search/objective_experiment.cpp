#include "engine/search/objective_experiment.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

#include "engine/config/config_json.h"
#include "engine/core/parallel_for.h"
#include "engine/data/data_source.h"
#include "engine/data/splits.h"
#include "engine/search/fold_reporter.h"
#include "engine/train/experiment.h"
#include "engine/core/str_cat.h"
#include "engine/core/types.h"

namespace optiscope {
namespace {

using OrderedJson = nlohmann::ordered_json;

// One step of a path: an object key, optionally followed by [index]; or the "size" of an array.
struct PathStep {
  std::string key;
  int index = -1;  // >= 0: element of the array `key`
};

Result<std::vector<PathStep>> SplitPath(const std::string& path) {
  std::vector<PathStep> steps;
  size_t start = 0;
  while (start <= path.size()) {
    size_t dot = path.find('.', start);
    if (dot == std::string::npos) dot = path.size();
    std::string part = path.substr(start, dot - start);
    PathStep step;
    const size_t bracket = part.find('[');
    if (bracket != std::string::npos) {
      if (part.back() != ']') return Status::InvalidArgument("'" + path + "': missing ']'");
      const std::string digits = part.substr(bracket + 1, part.size() - bracket - 2);
      int index = -1;
      auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (ec != std::errc() || p != digits.data() + digits.size() || index < 0 || index > 1000) {
        return Status::InvalidArgument("'" + path + "': bad index [" + digits + "]");
      }
      step.index = index;
      part = part.substr(0, bracket);
    }
    if (part.empty()) return Status::InvalidArgument("'" + path + "': empty field name");
    step.key = part;
    steps.push_back(step);
    start = dot + 1;
  }
  return steps;
}

// The JSON node `path` names in `root` (arrays grown by copying their last element when an index
// is past the end). `resize` is set for "<array>.size".
Result<OrderedJson*> Locate(OrderedJson& root, const std::string& path, OrderedJson** resize) {
  auto steps = SplitPath(path);
  if (!steps.ok()) return steps.status();
  *resize = nullptr;
  OrderedJson* node = &root;
  std::string walked;
  for (size_t i = 0; i < steps->size(); ++i) {
    const PathStep& step = (*steps)[i];
    const bool last = i + 1 == steps->size();
    if (last && step.key == "size" && step.index < 0 && node->is_array()) {
      *resize = node;
      return node;
    }
    if (!node->is_object() || !node->contains(step.key)) {
      return Status::InvalidArgument("'" + path + "': " + (walked.empty() ? "" : walked + " has ") +
                                     "no field '" + step.key + "'");
    }
    walked += (walked.empty() ? "" : ".") + step.key;
    node = &(*node)[step.key];
    if (step.index >= 0) {
      if (!node->is_array()) {
        return Status::InvalidArgument("'" + path + "': " + walked + " is not an array");
      }
      if (node->empty()) node->push_back(64);
      while (static_cast<int>(node->size()) <= step.index) node->push_back(node->back());
      node = &(*node)[step.index];
      StrAppend(&walked, {"[", std::to_string(step.index), "]"});
    }
  }
  if (node->is_object()) {
    return Status::InvalidArgument("'" + path + "': " + walked + " is a section, not a field");
  }
  return node;
}

std::optional<double> ParamNumber(const TrialParam& p) {
  if (p.label.empty()) return p.value;
  double v = 0.0;
  auto [ptr, ec] = std::from_chars(p.label.data(), p.label.data() + p.label.size(), v);
  if (ec == std::errc() && ptr == p.label.data() + p.label.size()) return v;
  return std::nullopt;
}

Status Assign(OrderedJson* node, OrderedJson* resize, const TrialParam& p, const std::string& path) {
  const auto number = ParamNumber(p);
  if (resize != nullptr) {
    if (!number || *number < 0 || *number > 64) {
      return Status::InvalidArgument(p.name + " -> " + path + ": expected a layer count 0..64");
    }
    const int n = static_cast<int>(std::llround(*number));
    const OrderedJson fill = resize->empty() ? OrderedJson(64) : resize->back();
    while (static_cast<int>(resize->size()) < n) resize->push_back(fill);
    while (static_cast<int>(resize->size()) > n) resize->erase(resize->size() - 1);
    return Status::Ok();
  }
  if (node->is_boolean()) {
    *node = p.label.empty() ? p.value != 0.0 : (p.label == "true" || p.label == "1");
  } else if (node->is_number_integer() || node->is_number_unsigned()) {
    if (!number) return Status::InvalidArgument(p.name + " -> " + path + ": '" + p.label +
                                                "' is not a number");
    *node = static_cast<int64_t>(std::llround(*number));
  } else if (node->is_number()) {
    if (!number) return Status::InvalidArgument(p.name + " -> " + path + ": '" + p.label +
                                                "' is not a number");
    *node = *number;
  } else if (node->is_string()) {
    if (p.label.empty()) {
      return Status::InvalidArgument(p.name + " -> " + path +
                                     ": a text field needs a categorical parameter");
    }
    *node = p.label;
  } else {
    return Status::InvalidArgument(p.name + " -> " + path + ": cannot bind to this field");
  }
  return Status::Ok();
}

double MetricOf(const std::string& name, const RunResult& r) {
  if (name == "val_loss") return r.validation.loss;
  if (name == "val_metric") {
    return r.task == TaskKind::kClassification ? r.validation.accuracy : r.validation.rmse;
  }
  if (name == "val_accuracy") return r.validation.accuracy;
  if (name == "val_rmse") return r.validation.rmse;
  if (name == "val_r2") return r.validation.r2;
  if (name == "val_f1") return r.validation.f1;
  if (name == "n_parameters") return static_cast<double>(r.model.parameters.size());
  if (name == "train_seconds") return r.seconds;
  return kNaN;
}

double EpochMetricOf(const std::string& name, const EpochMetrics& e) {
  if (name == "val_loss") return e.val_loss;
  if (name == "val_metric" || name == "val_accuracy" || name == "val_rmse") return e.val_metric;
  if (name == "val_f1") return e.val_f1;
  if (name == "val_r2") return e.val_r2;
  return kNaN;
}

// Training callback: forwards the per-epoch validation metric to the trial context; when the
// pruner says so, requests the stop RunExperiment watches (the run ends cancelled, as a pruned
// trial should).
class ReportingCallback final : public TrainingCallback {
 public:
  ReportingCallback(TrialContext& context, std::string metric, std::stop_source stop)
      : context_(context), metric_(std::move(metric)), stop_(std::move(stop)) {}
  Decision OnEpochEnd(const EpochView& view) override {
    const double v = EpochMetricOf(metric_, *view.metrics);
    if (!std::isnan(v) && context_.Report(view.epoch, v)) stop_.request_stop();
    return Decision::kContinue;
  }

 private:
  TrialContext& context_;
  std::string metric_;
  std::stop_source stop_;
};

// Training callback: forwards one fold's per-epoch validation metric to the trial's FoldReporter.
class FoldCallback final : public TrainingCallback {
 public:
  FoldCallback(FoldReporter& reporter, int fold, std::string metric)
      : reporter_(reporter), fold_(fold), metric_(std::move(metric)) {}
  Decision OnEpochEnd(const EpochView& view) override {
    const double v = EpochMetricOf(metric_, *view.metrics);
    if (!std::isnan(v)) reporter_.Put(fold_, view.epoch, v);
    return Decision::kContinue;
  }

 private:
  FoldReporter& reporter_;
  int fold_;
  std::string metric_;
};

// What the folds' runs say about the trial: the first real failure (a run that could not start,
// or diverged) wins over the cancellations it caused; then a cancellation; else ok.
Status FoldsStatus(const std::vector<std::optional<Result<RunResult>>>& results) {
  for (const auto& r : results) {
    if (!r->ok()) return r->status();
    const Status& run = (*r)->status;
    if (!run.ok() && run.code() != StatusCode::kCancelled) return Status::Diverged(run.message());
  }
  for (const auto& r : results) {
    if ((*r)->status.code() == StatusCode::kCancelled) return (*r)->status;
  }
  return Status::Ok();
}

// The splits of one trial: none (the configuration's own split), or with cv_folds >= 2 the
// folds of a (stratified) k-fold over the rows left after the test split.
Result<std::vector<std::optional<HoldoutSplit>>> TrialSplits(const ExperimentConfig& config,
                                                             int cv_folds) {
  std::vector<std::optional<HoldoutSplit>> splits = {std::nullopt};
  if (cv_folds < 2) return splits;
  auto dataset = LoadDataset(config.data);
  if (!dataset.ok()) return dataset.status();
  const bool classify = dataset->task == TaskKind::kClassification;
  std::span<const Scalar> labels;
  if (classify) labels = std::span<const Scalar>(dataset->y.data(), dataset->y.size());
  HoldoutOptions holdout;
  holdout.validation_fraction = 0.0;
  holdout.test_fraction = config.data.test_fraction;
  holdout.seed = config.data.split_seed;
  holdout.stratify = config.data.stratify && classify;
  auto outer = MakeHoldoutSplit(dataset->NumRows(), holdout, labels);
  if (!outer.ok()) return outer.status();
  std::vector<Scalar> rest_labels;
  for (int row : outer->train) rest_labels.push_back(classify ? dataset->y[row] : 0);
  auto folds = classify && config.data.stratify
                   ? MakeStratifiedKFold(rest_labels, cv_folds, config.data.split_seed)
                   : MakeKFold(static_cast<int>(outer->train.size()), cv_folds,
                               config.data.split_seed);
  if (!folds.ok()) return Status::InvalidArgument("objective.cv_folds: " +
                                                  folds.status().message());
  splits.clear();
  for (const Fold& fold : *folds) {
    HoldoutSplit s;
    for (int i : fold.train) s.train.push_back(outer->train[i]);
    for (int i : fold.validation) s.validation.push_back(outer->train[i]);
    s.test = outer->test;
    splits.push_back(std::move(s));
  }
  return splits;
}

// The metric `name` averaged over the folds' runs (all succeeded); InvalidArgument when a run
// does not define it.
Result<double> MeanOverFolds(const std::string& name,
                             const std::vector<std::optional<Result<RunResult>>>& results) {
  double sum = 0.0;
  for (const auto& r : results) {
    const double v = MetricOf(name, r->value());
    if (std::isnan(v)) {
      return Status::InvalidArgument(name +
                                     " is undefined for this run (no validation rows, or a "
                                     "metric of the other task kind)");
    }
    sum += v;
  }
  return sum / static_cast<double>(results.size());
}

}  // namespace

const std::vector<std::string>& ExperimentMetricNames() {
  static const std::vector<std::string> names = {
      "val_loss", "val_metric", "val_accuracy", "val_f1",
      "val_rmse", "val_r2",     "n_parameters", "train_seconds"};
  return names;
}

Status CheckBindingPath(const std::string& path) {
  // A named default (not a temporary): GCC 12 at -O3 reports its strings "maybe uninitialized"
  // when a temporary ExperimentConfig{} is inlined into WriteExperimentConfig.
  static const ExperimentConfig defaults;
  OrderedJson root = OrderedJson::parse(WriteExperimentConfig(defaults));
  OrderedJson* resize = nullptr;
  auto node = Locate(root, path, &resize);
  return node.ok() ? Status::Ok() : node.status();
}

Result<ExperimentConfig> ApplyBindings(const ExperimentConfig& base,
                                       const std::vector<TrialParam>& params,
                                       const ConfigBindings& bind) {
  OrderedJson root = OrderedJson::parse(WriteExperimentConfig(base));
  // Layer counts first, so that "model.hidden[k]" bindings apply to the resized array.
  for (int pass = 0; pass < 2; ++pass) {
    for (const TrialParam& p : params) {
      const auto it = bind.find(p.name);
      const std::string path = it == bind.end() ? p.name : it->second;
      const bool is_size = path.size() > 5 && path.compare(path.size() - 5, 5, ".size") == 0;
      if (is_size != (pass == 0)) continue;
      OrderedJson* resize = nullptr;
      auto node = Locate(root, path, &resize);
      if (!node.ok()) return Status::InvalidArgument("parameter " + p.name + ": " +
                                                     node.status().message());
      OPTISCOPE_RETURN_IF_ERROR(Assign(*node, resize, p, path));
    }
  }
  auto config = ParseExperimentConfig(root.dump(), "trial configuration");
  if (!config.ok()) return config.status();
  return config;
}

ExperimentObjective::ExperimentObjective(ExperimentObjectiveOptions options)
    : options_(std::move(options)) {}

Result<std::vector<double>> ExperimentObjective::Evaluate(const TrialRequest& request,
                                                          TrialContext& context) {
  auto config = ApplyBindings(options_.base, request.params, options_.bind);
  if (!config.ok()) return config.status();
  config->training.epochs += request.extra_epochs;
  config->training.seed += request.seed_offset;
  config->data.split_seed += request.seed_offset;

  // The runs of this trial stop when the trial's token is requested (pruned, stopped, timeout).
  std::stop_source stop;
  std::stop_callback forward(context.StopToken(), [&stop] { stop.request_stop(); });

  auto trial_splits = TrialSplits(*config, options_.cv_folds);
  if (!trial_splits.ok()) return trial_splits.status();
  const std::vector<std::optional<HoldoutSplit>>& splits = *trial_splits;

  // Cross-validation: the folds train side by side and the pruner sees, per epoch, the mean
  // over the folds (FoldReporter); without folds the run reports directly.
  std::vector<std::optional<Result<RunResult>>> results(splits.size());
  auto run_split = [&](size_t f, TrainingCallback& reporting) {
    NullEventSink sink;
    RunOptions run;
    run.run_id = "trial " + std::to_string(context.TrialNumber()) +
                 (splits.size() > 1 ? " fold " + std::to_string(f + 1) : "");
    run.split = splits[f];
    run.callbacks = {&reporting};
    results[f] = RunExperiment(*config, sink, stop.get_token(), run);
  };
  if (splits.size() == 1) {
    ReportingCallback reporting(context, options_.metrics[0], stop);
    run_split(0, reporting);
  } else {
    FoldReporter reporter(context, static_cast<int>(splits.size()), stop);
    std::vector<std::unique_ptr<FoldCallback>> sinks;
    for (size_t f = 0; f < splits.size(); ++f) {
      sinks.push_back(
          std::make_unique<FoldCallback>(reporter, static_cast<int>(f), options_.metrics[0]));
    }
    // The folds are pool tasks (at most the thread budget at once); each records its outcome in
    // results[f], which FoldsStatus reads below, so ParallelFor's own status adds nothing.
    ParallelForOptions parallel;
    parallel.max_threads = static_cast<int>(splits.size());
    (void)ParallelFor(static_cast<int>(splits.size()), parallel, [&](int i) {
      const size_t f = static_cast<size_t>(i);
      const Status thrown = CallCatching([&] {
        run_split(f, *sinks[f]);
        return Status::Ok();
      });
      if (!thrown.ok()) results[f] = Result<RunResult>(thrown);
      // A failed fold stops the others: the trial fails anyway.
      if (!results[f]->ok() || !(*results[f])->status.ok()) {
        const bool cancelled =
            results[f]->ok() && (*results[f])->status.code() == StatusCode::kCancelled;
        if (!cancelled) stop.request_stop();
      }
      reporter.Finish(static_cast<int>(f));
    });
  }
  OPTISCOPE_RETURN_IF_ERROR(FoldsStatus(results));
  std::vector<double> sums;
  for (const std::string& name : options_.metrics) {
    auto mean = MeanOverFolds(name, results);
    if (!mean.ok()) return mean.status();
    sums.push_back(*mean);
  }
  if (options_.hypergradients != nullptr && options_.hypergradients->enabled() &&
      splits.size() == 1) {
    auto g = ComputeHypergradient(*config, results[0]->value());
    if (g.ok()) options_.hypergradients->Put(context.TrialNumber(), *g);
  }
  return sums;
}

}  // namespace optiscope
