#include "engine/train/experiment.h"

#include <limits>
#include <sstream>

#include "engine/features/feature_pipeline.h"
#include "engine/models/model_factory.h"
#include "engine/train/model_and_loss.h"
#include "engine/train/model_evaluation.h"
#include "engine/train/one_shot_run.h"
#include "engine/train/prepared_splits.h"
#include "engine/train/projection_publisher.h"
#include "engine/train/regularization_callbacks.h"
#include "engine/train/training_loop_factory.h"
#include "engine/core/types.h"

namespace optiscope {

namespace {

std::string Describe(const ExperimentConfig& config, const DifferentiableModel& model) {
  std::ostringstream s;
  s << config.data.source << ": " << model.Describe() << ", " << EnumName(config.optimizer.type)
    << " lr=" << config.optimizer.lr;
  return s.str();
}

// The features block (extract -> select -> reduce), fitted on the training rows only and applied
// to every split; null when the configuration has none.
Result<std::shared_ptr<const FeaturePipeline>> FitFeatures(const ExperimentConfig& config,
                                                           PreparedSplits& data) {
  if (!config.features.Enabled()) return std::shared_ptr<const FeaturePipeline>();
  auto fitted = FeaturePipeline::Fit(config.features, data.train.X, data.train.y, data.task,
                                     data.feature_names);
  if (!fitted.ok()) return fitted.status();
  auto features = std::make_shared<const FeaturePipeline>(std::move(fitted).value());
  for (Dataset* part : {&data.train, &data.validation, &data.test}) {
    part->X = features->Transform(part->X);
  }
  return features;
}

// The trained model's description before training: architecture, data and preprocessing, and
// parameters initialised with Rng(training.seed).Fork(0).
TrainedModel InitialModel(const ExperimentConfig& config, const PreparedSplits& data,
                          const DifferentiableModel& model) {
  TrainedModel trained;
  trained.model = config.model;
  trained.task = data.task;
  trained.num_inputs = data.num_features;
  trained.num_outputs = NumModelOutputs(data.task, data.num_classes);
  trained.feature_names = data.feature_names;
  trained.target_name = data.target_name;
  trained.class_names = data.class_names;
  trained.preprocessor = data.preprocessor;
  trained.target_offset = data.target_scaling.offset;
  trained.target_scale = data.target_scaling.scale;
  trained.parameters.resize(model.NumParameters());
  Rng init_rng = Rng(config.training.seed).Fork(0);
  model.Initialize(trained.parameters, init_rng);
  return trained;
}

// Train, validation and test metrics (and the full test report) of a run that ended ok.
void EvaluateSplits(const ExperimentConfig& config, const PreparedSplits& data,
                    const DifferentiableModel& model, const Loss& loss, RunResult* result) {
  const std::vector<Scalar>& params = result->model.parameters;
  auto evaluate = [&](const Dataset& part) {
    if (part.NumRows() == 0) return SplitMetrics::AllNaN();
    return EvaluateModel(model, params, loss, part.X, part.y, data.task, data.target_scaling);
  };
  result->train = evaluate(data.train);
  result->validation = evaluate(data.validation);
  result->test = evaluate(data.test);
  if (data.test.NumRows() > 0) {
    const bool probabilities =
        config.loss.type == LossType::kAuto || config.loss.type == LossType::kCrossEntropy;
    result->test_report = EvaluateDenseReport(model, params, data.test.X, data.test.y, data.task,
                                              data.num_classes, data.target_scaling, probabilities);
  }
}

// Builds the model, loss and training loop, trains and evaluates (the differentiable models).
Result<RunResult> TrainAndEvaluate(const ExperimentConfig& config, const PreparedSplits& data,
                                   std::shared_ptr<const FeaturePipeline> features,
                                   EventSink& sink, std::stop_token stop,
                                   const RunOptions& options) {
  const TaskKind task = data.task;
  const Dataset& train = data.train;
  auto made = MakeModelAndLoss(
      config.model, config.loss, task, train.NumFeatures(), NumModelOutputs(task, data.num_classes),
      {data.num_classes, std::span<const Scalar>(train.y.data(), train.y.size())});
  if (!made.ok()) return made.status();
  const auto* model = &made->model;  // **model, **loss: as MakeModel's and MakeLoss's results
  const auto* loss = &made->loss;
  const TrainerOptions trainer_options =
      TrainerOptionsFromConfig(config, task, data.target_scaling, options.run_id);
  auto loop = MakeTrainingLoop(config, config.optimizer, trainer_options, train.NumRows());
  if (!loop.ok()) return loop.status();

  RunResult result;
  result.task = task;
  result.model = InitialModel(config, data, **model);
  result.model.features = std::move(features);
  sink.Publish(RunStarted{options.run_id, config.training.epochs, Describe(config, **model),
                          task == TaskKind::kClassification ? "accuracy" : "rmse"});

  // Projection events (training.projection_every > 0): the data once, then the hidden layer.
  std::vector<TrainingCallback*> callbacks;
  std::unique_ptr<TrainingCallback> projection;
  if (config.training.projection_every > 0) {
    sink.Publish(MakeProjection(train.X, train.y, task, "data", 0, options.run_id));
    const Dataset& projected = data.validation.NumRows() >= 2 ? data.validation : train;
    projection = MakeHiddenProjectionCallback(**model, projected.X, projected.y, task,
                                              config.training.projection_every, options.run_id,
                                              sink);
    if (projection) callbacks.push_back(projection.get());
  }
  callbacks.insert(callbacks.end(), options.callbacks.begin(), options.callbacks.end());
  const TrainingProblem problem{**model,  **loss, train.X, train.y, data.validation.X,
                                data.validation.y, result.model.parameters, sink, stop};
  TrainOutcome outcome = RunRegularized(**loop, problem, trainer_options, callbacks);

  result.status = outcome.status;
  result.epochs_run = outcome.epochs_run;
  result.seconds = outcome.seconds;
  result.history = std::move(outcome.history);
  result.best_epoch = outcome.best_epoch;
  result.stopped_early = outcome.stopped_early;
  result.train = result.validation = result.test = SplitMetrics::AllNaN();
  if (result.status.ok()) EvaluateSplits(config, data, **model, **loss, &result);
  sink.Publish(MakeRunFinished(result, options.run_id, EnumName(config.model.type),
                               data.class_names, data.test.NumRows() > 0));
  return result;
}

}  // namespace

Result<RunResult> RunExperiment(const ExperimentConfig& config, EventSink& sink,
                                std::stop_token stop, const RunOptions& options) {
  if (config.training.epochs < 1) {
    return Status::InvalidArgument("training.epochs: must be at least 1, got " +
                                   std::to_string(config.training.epochs));
  }
  // Data: load, split (stratified for classification), preprocess fitted on the training rows.
  PrepareOptions prepare;
  prepare.split = options.split;
  auto data = PrepareSplits(config, prepare);
  if (!data.ok()) return data.status();
  auto features = FitFeatures(config, *data);
  if (!features.ok()) return features.status();
  if (!IsOneShotModel(config.model)) {
    return TrainAndEvaluate(config, *data, *features, sink, stop, options);
  }
  // Classic models and closed-form least squares are fitted in one call (one_shot_run.h).
  Result<RunResult> one_shot = RunOneShot(config, std::move(data).value(), sink, stop, options);
  if (one_shot.ok()) one_shot->model.features = *features;  // predictions apply the pipeline
  return one_shot;
}

RunFinished MakeRunFinished(const RunResult& result, const std::string& run_id,
                            const std::string& model_type,
                            const std::vector<std::string>& class_names, bool has_test_rows) {
  RunFinished finished;
  finished.run_id = run_id;
  finished.model_type = model_type;
  finished.status = RunEndOf(result.status);
  finished.reason = result.status.message();
  finished.epochs_run = result.epochs_run;
  finished.seconds = result.seconds;
  finished.test_loss = result.test.loss;
  finished.best_epoch = result.best_epoch;
  finished.stopped_early = result.stopped_early;
  const bool finished_ok = result.status.ok();
  if (finished_ok && has_test_rows) FillTestMetrics(result.test_report, class_names, &finished);
  // The core fields keep the split metrics (the report's agree up to rounding).
  finished.test_accuracy = result.test.accuracy;
  finished.test_rmse = result.test.rmse;
  finished.test_r2 = result.test.r2;
  if (finished_ok && has_test_rows) finished.test_mae = result.test.mae;
  return finished;
}

}  // namespace optiscope
