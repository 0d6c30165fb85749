#include "engine/train/loop_support.h"

#include <utility>

namespace optiscope {

RunEnd RunEndOf(const Status& status) {
  if (status.ok()) return RunEnd::kOk;
  return status.code() == StatusCode::kCancelled ? RunEnd::kCancelled : RunEnd::kFailed;
}

const char* RunStatusName(const Status& status) { return RunEndName(RunEndOf(status)); }

TrainerOptions TrainerOptionsFromConfig(const ExperimentConfig& config, TaskKind task,
                                        TargetScaling scaling, std::string run_id) {
  TrainerOptions o;
  o.epochs = config.training.epochs;
  o.batch_size = config.training.batch_size;
  o.seed = config.training.seed;
  o.learning_rate = config.optimizer.lr;
  o.regularization = config.regularization;
  o.task = task;
  o.target_scaling = scaling;
  o.run_id = std::move(run_id);
  return o;
}

int BatchesPerEpoch(int rows, int batch_size) {
  if (rows <= 0) return 0;
  if (batch_size <= 0 || batch_size >= rows) return 1;
  return (rows + batch_size - 1) / batch_size;
}

namespace loop_support {

EpochMetrics MakeEpochMetrics(const TrainerOptions& options, int epoch, const SplitMetrics& train,
                              const SplitMetrics& val, double elapsed_seconds,
                              double learning_rate) {
  const bool classification = options.task == TaskKind::kClassification;
  EpochMetrics m;
  m.run_id = options.run_id;
  m.epoch = epoch;
  m.total_epochs = options.epochs;
  m.train_loss = train.loss;
  m.val_loss = val.loss;
  m.train_metric = classification ? train.accuracy : train.rmse;
  m.val_metric = classification ? val.accuracy : val.rmse;
  if (classification) {
    m.train_f1 = train.f1;
    m.val_f1 = val.f1;
  } else {
    m.train_r2 = train.r2;
    m.val_r2 = val.r2;
  }
  m.elapsed_seconds = elapsed_seconds;
  m.learning_rate = learning_rate;
  return m;
}

Decision FinishEpoch(const TrainingProblem& problem, std::span<TrainingCallback* const> callbacks,
                     EpochMetrics metrics, std::span<const Scalar> params, TrainOutcome* outcome) {
  const int epoch = metrics.epoch;
  outcome->epochs_run = epoch;
  outcome->history.push_back(metrics);
  problem.sink.Publish(std::move(metrics));
  EpochView view;
  view.epoch = epoch;
  view.metrics = &outcome->history.back();
  view.has_validation = problem.X_val.rows() > 0;
  view.params = params;
  return Notify(callbacks, [&](TrainingCallback& c) { return c.OnEpochEnd(view); });
}

}  // namespace loop_support
void loop_support::FinishRun(const TrainingProblem& problem, std::span<TrainingCallback* const> callbacks,
               Decision decision, int epochs, std::chrono::steady_clock::time_point start,
               std::span<Scalar> params, TrainOutcome* outcome) {
  if (outcome->status.ok() && decision == Decision::kStop) {
    outcome->stopped_early = outcome->epochs_run < epochs;
  }
  for (TrainingCallback* c : callbacks) c->OnTrainEnd(outcome->status, params);
  std::copy(params.begin(), params.end(), problem.params.begin());
  outcome->seconds = loop_support::SecondsSince(start);
}

}  // namespace optiscope
