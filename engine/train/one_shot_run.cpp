#include "engine/train/one_shot_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>
#include <utility>

#include "engine/config/model_catalog.h"
#include "engine/models/classic/estimator.h"
#include "engine/models/dense_network.h"
#include "engine/models/least_squares.h"
#include "engine/models/model_factory.h"
#include "engine/train/model_evaluation.h"
#include "engine/train/staged_scores.h"
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

// The fit's curve, added to the result's history and published: for an ensemble its scores by
// number of trees or stages (StagedEpochs), else one "epoch". The last point carries the figures
// of `result` exactly. The run's callbacks see the fit once, as epoch 1 with those figures (a
// pruner gets one report: nothing is left to prune once the fit is done).
void PublishFitCurve(const Estimator* estimator, const PreparedSplits& data,
                     const RunOptions& options, EventSink& sink, RunResult* result) {
  const bool classification = data.task == TaskKind::kClassification;
  std::vector<EpochMetrics> curve;
  if (estimator != nullptr) curve = StagedEpochs(*estimator, data, result->seconds, options.run_id);
  if (curve.empty()) {
    curve.emplace_back();
    curve.back().run_id = options.run_id;
    curve.back().epoch = curve.back().total_epochs = 1;
  }
  EpochMetrics& last = curve.back();
  last.train_loss = result->train.loss;
  last.val_loss = result->validation.loss;
  last.train_metric = classification ? result->train.accuracy : result->train.rmse;
  last.val_metric = classification ? result->validation.accuracy : result->validation.rmse;
  if (classification) {
    last.train_f1 = result->train.f1;
    last.val_f1 = result->validation.f1;
  } else {
    last.train_r2 = result->train.r2;
    last.val_r2 = result->validation.r2;
  }
  last.elapsed_seconds = result->seconds;
  last.learning_rate = kNaN;
  for (const EpochMetrics& epoch : curve) {
    result->history.push_back(epoch);
    sink.Publish(epoch);
  }
  EpochView view;
  view.epoch = 1;
  view.metrics = &result->history.back();
  view.has_validation = data.validation.NumRows() > 0;
  for (TrainingCallback* c : options.callbacks) c->OnEpochEnd(view);
}

// Publishes FitProgress for about every 1% of the stages (and the last), from the fitting
// threads: each `done` arrives once, so the percent step it completes is published once.
class ProgressPublisher {
 public:
  ProgressPublisher(EventSink& sink, std::string run_id,
                    std::chrono::steady_clock::time_point start)
      : sink_(sink), run_id_(std::move(run_id)), start_(start) {}
  void operator()(int done, int total) const {
    const int step = std::max(1, total / 100);
    if (done % step != 0 && done != total) return;
    FitProgress p;
    p.run_id = run_id_;
    p.done = done;
    p.total = total;
    p.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    sink_.Publish(std::move(p));
  }

 private:
  EventSink& sink_;
  std::string run_id_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

bool IsOneShotModel(const ModelConfig& model) {
  if (IsClassicModel(model.type)) return true;
  if (model.type != ModelType::kLinear) return false;
  const auto it = model.params.find("solver");
  return it != model.params.end() && std::holds_alternative<std::string>(it->second) &&
         std::get<std::string>(it->second) == "closed_form";
}

OneShotSteps CountOneShotSteps(const ModelConfig& model) {
  OneShotSteps steps;
  if (!IsClassicModel(model.type)) return steps;
  auto made = MakeEstimator(GetModelSpec(model.type).name, model.params);
  if (made.ok() && (*made)->NumStages() >= 2) {
    steps.count = (*made)->NumStages();
    steps.name = (*made)->StageName();
  }
  return steps;
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
  const int stages = classic ? estimator->NumStages() : 0;
  if (stages >= 2) {
    started.total_epochs = stages;
    started.step_name = estimator->StageName();
  } else {
    started.step_name = "fit";
  }
  sink.Publish(started);
  std::ostringstream what;
  what << "fitting " << spec->name;
  if (stages >= 2) what << " (" << stages << " " << started.step_name << "s)";
  what << " on " << data.train.NumRows() << " rows x " << data.num_features << " features";
  sink.Publish(LogLine{LogLine::Level::kInfo, what.str()});

  const auto t0 = std::chrono::steady_clock::now();
  if (stages >= 2) estimator->SetFitProgress(ProgressPublisher(sink, options.run_id, t0));
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
  const SplitMetrics none = SplitMetrics::AllNaN();
  result.train = result.validation = result.test = none;
  if (!fit.ok()) {
    result.status =
        fit.code() == StatusCode::kCancelled ? Status::Cancelled("stopped during the fit") : fit;
  } else {
    result.epochs_run = stages >= 2 ? stages : 1;  // the curve's steps: trees, or the one fit
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
    PublishFitCurve(estimator.get(), data, options, sink, &result);
    if (classic) {
      estimator->SetFitProgress(nullptr);  // the saved model must not reach this run's sink
      trained.estimator = std::shared_ptr<const Estimator>(std::move(estimator));
    }
  }
  sink.Publish(MakeRunFinished(result, options.run_id, spec->name, data.class_names,
                               data.test.NumRows() > 0));
  return result;
}

}  // namespace optiscope
