#include "engine/train/experiment.h"

#include <cmath>
#include <limits>
#include <sstream>

#include "engine/data/data_source.h"
#include "engine/data/preprocessing.h"
#include "engine/data/splits.h"
#include "engine/features/feature_pipeline.h"
#include "engine/losses/loss_factory.h"
#include "engine/models/model_factory.h"
#include "engine/optim/schedule.h"
#include "engine/optim/update_rule.h"
#include "engine/train/configured_split.h"
#include "engine/train/lbfgs_trainer.h"
#include "engine/train/model_evaluation.h"
#include "engine/train/one_shot_run.h"
#include "engine/train/projection_publisher.h"
#include "engine/train/trainer.h"

namespace optiscope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string Describe(const ExperimentConfig& config, const DifferentiableModel& model) {
  std::ostringstream s;
  s << config.data.source << ": " << model.Describe() << ", " << config.optimizer.type
    << " lr=" << config.optimizer.lr;
  return s.str();
}

}  // namespace

Result<RunResult> RunExperiment(const ExperimentConfig& config, EventSink& sink,
                                std::stop_token stop, const RunOptions& options) {
  if (config.training.epochs < 1) {
    return Status::InvalidArgument("training.epochs: must be at least 1, got " +
                                   std::to_string(config.training.epochs));
  }
  // Data: load, split (stratified for classification), preprocess fitted on the training rows.
  auto dataset = LoadDataset(config.data);
  if (!dataset.ok()) return dataset.status();
  const TaskKind task = dataset->task;
  auto split = options.split ? Result<HoldoutSplit>(*options.split)
                             : MakeConfiguredSplit(config.data, *dataset);
  if (!split.ok()) return split.status();
  Dataset train = dataset->Subset(split->train);
  Dataset val = dataset->Subset(split->validation);
  Dataset test = dataset->Subset(split->test);

  Imputation imputation = Imputation::kMean;
  if (config.data.missing != "drop") {
    auto parsed = ParseImputation(config.data.missing);
    if (!parsed.ok()) return Status::InvalidArgument("data.missing: " + parsed.status().message());
    imputation = *parsed;
  }
  auto scaling = ParseScaling(config.data.scaling);
  if (!scaling.ok()) return Status::InvalidArgument("data.scaling: " + scaling.status().message());
  Preprocessor preprocessor(imputation, *scaling);
  preprocessor.Fit(train.X);
  for (Dataset* part : {&train, &val, &test}) {
    if (part->NumRows() > 0) preprocessor.Transform(&part->X);
  }
  // The features block (extract -> select -> reduce), fitted on the training rows only.
  std::shared_ptr<const FeaturePipeline> features;
  if (config.features.Enabled()) {
    auto fitted =
        FeaturePipeline::Fit(config.features, train.X, train.y, task, dataset->feature_names);
    if (!fitted.ok()) return fitted.status();
    features = std::make_shared<const FeaturePipeline>(std::move(fitted).value());
    for (Dataset* part : {&train, &val, &test}) part->X = features->Transform(part->X);
  }
  // Regression targets are standardised with the training rows' mean and std (population), so
  // default learning rates work whatever the target's units; metrics are reported in those units.
  TargetScaling target_scaling;
  if (task == TaskKind::kRegression) {
    const VecD ty = train.y.cast<double>();
    const double mean = ty.mean();
    const double sd = std::sqrt((ty.array() - mean).square().mean());
    target_scaling.offset = mean;
    target_scaling.scale = sd > 0 && std::isfinite(sd) ? sd : 1.0;
    for (Dataset* part : {&train, &val, &test}) {
      part->y = ((part->y.cast<double>().array() - target_scaling.offset) / target_scaling.scale)
                    .cast<Scalar>()
                    .matrix();
    }
  }

  // Classic models and closed-form least squares are fitted in one call (one_shot_run.h).
  if (IsOneShotModel(config.model)) {
    Result<RunResult> one_shot =
        RunOneShot(config,
                   {std::move(train), std::move(val), std::move(test), preprocessor, target_scaling,
                    task, dataset->NumFeatures(), dataset->NumClasses(), dataset->feature_names,
                    dataset->target_name, dataset->class_names},
                   sink, stop, options);
    if (one_shot.ok()) one_shot->model.features = features;  // predictions apply the pipeline
    return one_shot;
  }

  // Model, loss, optimizer.
  const int num_outputs = NumModelOutputs(task, dataset->NumClasses());
  auto model = MakeModel(config.model, train.NumFeatures(), num_outputs, task);
  if (!model.ok()) return model.status();
  auto loss =
      MakeLoss(config.loss, task,
               {dataset->NumClasses(), std::span<const Scalar>(train.y.data(), train.y.size())});
  if (!loss.ok()) return loss.status();
  const bool lbfgs = config.optimizer.type == "lbfgs";
  if (lbfgs) {
    if (config.regularization.l1 > 0 || config.regularization.clip_grad_norm > 0) {
      return Status::InvalidArgument(
          "optimizer.type: lbfgs works on a smooth full-batch objective; set "
          "regularization.l1 and clip_grad_norm to 0 or pick a first-order optimizer");
    }
    if (config.model.dropout > 0) {
      return Status::InvalidArgument(
          "optimizer.type: lbfgs needs a deterministic objective; set model.dropout to 0");
    }
  }
  auto rule = lbfgs ? Result<std::unique_ptr<UpdateRule>>(std::unique_ptr<UpdateRule>())
                    : MakeUpdateRule(config.optimizer);
  if (!rule.ok()) return rule.status();
  auto schedule = MakeSchedule(config.schedule, config.optimizer.lr, config.training.epochs,
                               BatchesPerEpoch(train.NumRows(), config.training.batch_size));
  if (!schedule.ok()) return schedule.status();

  RunResult result;
  result.task = task;
  TrainedModel& trained = result.model;
  trained.model = config.model;
  trained.task = task;
  trained.num_inputs = dataset->NumFeatures();
  trained.num_outputs = num_outputs;
  trained.feature_names = dataset->feature_names;
  trained.target_name = dataset->target_name;
  trained.class_names = dataset->class_names;
  trained.preprocessor = preprocessor;
  trained.features = features;
  trained.target_offset = target_scaling.offset;
  trained.target_scale = target_scaling.scale;
  trained.parameters.resize((*model)->NumParameters());
  Rng init_rng = Rng(config.training.seed).Fork(0);
  (*model)->Initialize(trained.parameters, init_rng);

  RunStarted started;
  started.run_id = options.run_id;
  started.total_epochs = config.training.epochs;
  started.description = Describe(config, **model);
  started.metric_name = task == TaskKind::kClassification ? "accuracy" : "rmse";
  sink.Publish(started);

  TrainerOptions trainer_options;
  trainer_options.epochs = config.training.epochs;
  trainer_options.batch_size = config.training.batch_size;
  trainer_options.seed = config.training.seed;
  trainer_options.learning_rate = config.optimizer.lr;
  trainer_options.regularization = config.regularization;
  trainer_options.task = task;
  trainer_options.target_scaling = target_scaling;
  trainer_options.run_id = options.run_id;
  // Projection events (training.projection_every > 0): the data once, then the hidden layer.
  if (config.training.projection_every > 0) {
    sink.Publish(MakeProjection(train.X, train.y, task, "data", 0, options.run_id));
    const Dataset& projected = val.NumRows() >= 2 ? val : train;
    trainer_options.on_epoch_end =
        HiddenProjectionHook(**model, projected.X, projected.y, task,
                             config.training.projection_every, options.run_id, sink);
  }
  TrainOutcome outcome;
  if (lbfgs) {
    LbfgsTrainer trainer(**model, **loss, LbfgsOptionsFromConfig(config.optimizer),
                         trainer_options);
    outcome = trainer.Train(train.X, train.y, val.X, val.y, trained.parameters, sink, stop);
  } else {
    Trainer trainer(**model, **loss, **rule, trainer_options, schedule->get());
    outcome = trainer.Train(train.X, train.y, val.X, val.y, trained.parameters, sink, stop);
  }

  result.status = outcome.status;
  result.reason = outcome.reason;
  result.epochs_run = outcome.epochs_run;
  result.seconds = outcome.seconds;
  result.history = std::move(outcome.history);
  result.best_epoch = outcome.best_epoch;
  result.stopped_early = outcome.stopped_early;
  const SplitMetrics none{kNaN, kNaN, kNaN, kNaN, kNaN};
  result.train = result.validation = result.test = none;
  if (result.status == "ok") {
    auto evaluate = [&](const Dataset& part) {
      if (part.NumRows() == 0) return none;
      return EvaluateModel(**model, trained.parameters, **loss, part.X, part.y, task,
                           target_scaling);
    };
    result.train = evaluate(train);
    result.validation = evaluate(val);
    result.test = evaluate(test);
    if (test.NumRows() > 0) {
      const bool probabilities = config.loss.type == "auto" || config.loss.type == "cross_entropy";
      result.test_report =
          EvaluateDenseReport(**model, trained.parameters, test.X, test.y, task,
                              dataset->NumClasses(), target_scaling, probabilities);
    }
  }

  sink.Publish(MakeRunFinished(result, options.run_id, config.model.type, dataset->class_names,
                               test.NumRows() > 0));
  return result;
}

RunFinished MakeRunFinished(const RunResult& result, const std::string& run_id,
                            const std::string& model_type,
                            const std::vector<std::string>& class_names, bool has_test_rows) {
  RunFinished finished;
  finished.run_id = run_id;
  finished.model_type = model_type;
  finished.status = result.status;
  finished.reason = result.reason;
  finished.epochs_run = result.epochs_run;
  finished.seconds = result.seconds;
  finished.test_loss = result.test.loss;
  finished.best_epoch = result.best_epoch;
  finished.stopped_early = result.stopped_early;
  if (result.status == "ok" && has_test_rows) {
    FillTestMetrics(result.test_report, class_names, &finished);
  }
  // The core fields keep the split metrics (the report's agree up to rounding).
  finished.test_accuracy = result.test.accuracy;
  finished.test_rmse = result.test.rmse;
  finished.test_r2 = result.test.r2;
  if (result.status == "ok" && has_test_rows) finished.test_mae = result.test.mae;
  return finished;
}

}  // namespace optiscope
