#include "engine/race/racer_training.h"

#include "engine/train/regularization_callbacks.h"
#include "engine/train/training_loop_factory.h"

namespace optiscope {

Status CheckRacer(const ExperimentConfig& config, const std::string& label,
                  const OptimizerConfig& optimizer) {
  const Status s = CheckTrainingLoop(config, optimizer);
  if (s.ok() || s.code() != StatusCode::kInvalidArgument) return s;
  return Status::InvalidArgument("racer " + label + ": " + s.message());
}

TrainOutcome TrainRacer(const RaceProblem& problem, const ExperimentConfig& config,
                        const std::string& label, const OptimizerConfig& optimizer, int epochs,
                        EventSink& sink, std::stop_token stop,
                        std::span<TrainingCallback* const> callbacks,
                        std::vector<Scalar>* params) {
  TrainerOptions o = TrainerOptionsFromConfig(config, problem.task, problem.target_scaling, label);
  o.epochs = epochs;
  o.learning_rate = optimizer.lr;
  *params = problem.initial_params;
  auto loop = MakeTrainingLoop(config, optimizer, o, problem.train.NumRows());
  if (!loop.ok()) {
    TrainOutcome failed;
    failed.status = loop.status();
    return failed;
  }
  const Dataset& tr = problem.train;
  const Dataset& va = problem.validation;
  const TrainingProblem training{*problem.model, *problem.loss, tr.X, tr.y, va.X, va.y,
                                 *params,        sink,           stop};
  return RunRegularized(**loop, training, o, callbacks);
}

}  // namespace optiscope
