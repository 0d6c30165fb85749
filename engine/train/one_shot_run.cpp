#include "engine/train/one_shot_run.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>

#include "engine/config/model_catalog.h"
#include "engine/models/classic/estimator.h"
#include "engine/models/dense_network.h"
#include "engine/models/least_squares.h"
#include "engine/models/model_factory.h"
#include "engine/train/model_evaluation.h"
#include "engine/core/types.h"

namespace optiscope {
namespace {

std::string ParamsText(const ModelConfig& model) {
  std::string text;
  for (const auto& [name, value] : model.params) {
    text += (text.empty() ? " " : ", ") + name + "=" + FormatParamValue(value);
  }
  return text;
}

// The loss of a split in the units the model was fitted in: mean squared error (regression), log
// loss when the model gives probabilities (classification), else NaN.
double SplitLoss(const EvaluationReport& r, TargetScaling scaling) {
  if (r.rows == 0) return kNaN;
  if (r.classification) return r.log_loss;
  return r.rmse * r.rmse / (scaling.scale * scaling.scale);
}

// The fit's one "epoch": the train and validation figures of `result`, added to its history,
// published, and shown to the run's callbacks.
void PublishFitEpoch(const PreparedSplits& data, const RunOptions& options, EventSink& sink,
                     RunResult* result) {
  const bool classification = data.task == TaskKind::kClassification;
  EpochMetrics epoch;
  epoch.run_id = options.run_id;
  epoch.epoch = 1;
  epoch.total_epochs = 1;
  epoch.train_loss = result->train.loss;
  epoch.val_loss = result->validation.loss;
  epoch.train_metric = classification ? result->train.accuracy : result->train.rmse;
  epoch.val_metric = classification ? result->validation.accuracy : result->validation.rmse;
  epoch.elapsed_seconds = result->seconds;
  epoch.learning_rate = kNaN;
  result->history.push_back(epoch);
  sink.Publish(epoch);
  EpochView view;
  view.epoch = 1;
  view.metrics = &result->history.back();
  view.has_validation = data.validation.NumRows() > 0;
  for (TrainingCallback* c : options.callbacks) c->OnEpochEnd(view);
}

}  // namespace

bool IsOneShotModel(const ModelConfig& model) {
  if (IsClassicModel(model.type)) return true;
  if (model.type != ModelType::kLinear) return false;
  const auto it = model.params.find("solver");
  return it != model.params.end() && std::holds_alternative<std::string>(it->second) &&
         std::get<std::string>(it->second) == "closed_form";
}

Result<RunResult> RunOneShot(const ExperimentConfig& config, PreparedSplits data, EventSink& sink,
                             std::stop_token stop, const RunOptions& options) {
  const TaskKind task = data.task;
  const bool classic = IsClassicModel(config.model.type);
  const ModelSpec* spec = &GetModelSpec(config.model.type);
  if (spec->tasks != "both") {
    const bool wants_classification = spec->tasks == "classification";
    if (wants_classification != (task == TaskKind::kClassification)) {
      return Status::InvalidArgument(
          "model.type: " + spec->name + " needs a " + spec->tasks +
          " target; this dataset's task is " +
          (task == TaskKind::kClassification ? "classification" : "regression"));
    }
  }
  std::unique_ptr<Estimator> estimator;
  std::unique_ptr<DifferentiableModel> dense;
  if (classic) {
    auto made = MakeEstimator(spec->name, config.model.params);
    if (!made.ok()) return Status::InvalidArgument("model.params: " + made.status().message());
    estimator = std::move(*made);
  } else {
    auto made = MakeModel(config.model, data.num_features, 1, task);
    if (!made.ok()) return made.status();
    dense = std::move(*made);
  }

  RunResult result;
  result.task = task;
  TrainedModel& trained = result.model;
  trained.model = config.model;
  trained.task = task;
  trained.num_inputs = data.num_features;
  trained.num_outputs = NumModelOutputs(task, data.num_classes);
  trained.feature_names = data.feature_names;
  trained.target_name = data.target_name;
  trained.class_names = data.class_names;
  trained.preprocessor = data.preprocessor;
  trained.target_offset = data.target_scaling.offset;
  trained.target_scale = data.target_scaling.scale;

  RunStarted started;
  started.run_id = options.run_id;
  started.total_epochs = 1;
  started.description = config.data.source + ": " + spec->name +
                        (classic ? ParamsText(config.model) : " (closed-form least squares)");
  started.metric_name = task == TaskKind::kClassification ? "accuracy" : "rmse";
  sink.Publish(started);
  std::ostringstream what;
  what << "fitting " << spec->name << " on " << data.train.NumRows() << " rows x "
       << data.num_features << " features";
  sink.Publish(LogLine{LogLine::Level::kInfo, what.str()});

  const auto t0 = std::chrono::steady_clock::now();
  Status fit;
  if (classic) {
    fit = estimator->Fit(data.train.X, data.train.y, task, data.num_classes, stop);
  } else {
    // FitLeastSquares penalises l2*||w||^2; the configuration's penalty is (l2/2)*||w||^2.
    auto params = FitLeastSquares(data.train.X, data.train.y, config.regularization.l2 / 2.0);
    if (params.ok()) {
      trained.parameters = *std::move(params);
    } else {
      fit = params.status();
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const SplitMetrics none{kNaN, kNaN, kNaN, kNaN, kNaN};
  result.train = result.validation = result.test = none;
  if (!fit.ok()) {
    result.status =
        fit.code() == StatusCode::kCancelled ? Status::Cancelled("stopped during the fit") : fit;
  } else {
    result.epochs_run = 1;
    auto report = [&](const Dataset& part) {
      if (part.NumRows() == 0) {
        EvaluationReport empty;
        empty.rows = 0;
        return empty;
      }
      if (classic) {
        return EvaluateEstimatorReport(*estimator, part.X, part.y, task, data.num_classes,
                                       data.target_scaling);
      }
      return EvaluateDenseReport(*dense, trained.parameters, part.X, part.y, task,
                                 data.num_classes, data.target_scaling, false);
    };
    const EvaluationReport train_report = report(data.train);
    const EvaluationReport val_report = report(data.validation);
    result.test_report = report(data.test);
    result.train = ToSplitMetrics(train_report, SplitLoss(train_report, data.target_scaling));
    result.validation = ToSplitMetrics(val_report, SplitLoss(val_report, data.target_scaling));
    result.test =
        ToSplitMetrics(result.test_report, SplitLoss(result.test_report, data.target_scaling));
    PublishFitEpoch(data, options, sink, &result);
    if (classic) trained.estimator = std::shared_ptr<const Estimator>(std::move(estimator));
  }
  sink.Publish(MakeRunFinished(result, options.run_id, spec->name, data.class_names,
                               data.test.NumRows() > 0));
  return result;
}

}  // namespace optiscope
