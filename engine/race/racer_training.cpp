#include "engine/race/racer_training.h"

#include "engine/optim/lbfgs.h"
#include "engine/optim/schedule.h"
#include "engine/optim/update_rule.h"
#include "engine/train/lbfgs_trainer.h"

namespace optiscope {

Status CheckRacer(const ExperimentConfig& config, const std::string& label,
                  const OptimizerConfig& optimizer) {
  if (optimizer.type == "lbfgs") {
    if (config.regularization.l1 > 0 || config.regularization.clip_grad_norm > 0 ||
        config.model.dropout > 0) {
      return Status::InvalidArgument(
          "racer " + label +
          ": lbfgs needs a smooth deterministic objective; set regularization.l1, "
          "clip_grad_norm and model.dropout to 0 or leave lbfgs out of the race");
    }
    if (!(optimizer.lr > 0)) {
      return Status::InvalidArgument("racer " + label + ": lr must be > 0");
    }
    return Status::Ok();
  }
  auto rule = MakeUpdateRule(optimizer);
  if (!rule.ok()) return Status::InvalidArgument("racer " + label + ": " + rule.status().message());
  auto schedule = MakeSchedule(config.schedule, optimizer.lr, config.training.epochs, 1);
  if (!schedule.ok()) return schedule.status();
  return Status::Ok();
}

TrainOutcome TrainRacer(const RaceProblem& problem, const ExperimentConfig& config,
                        const std::string& label, const OptimizerConfig& optimizer, int epochs,
                        EventSink& sink, std::stop_token stop, TrainerOptions hooks,
                        std::vector<Scalar>* params) {
  TrainerOptions o = std::move(hooks);
  o.epochs = epochs;
  o.batch_size = config.training.batch_size;
  o.seed = config.training.seed;
  o.learning_rate = optimizer.lr;
  o.regularization = config.regularization;
  o.task = problem.task;
  o.target_scaling = problem.target_scaling;
  o.run_id = label;
  *params = problem.initial_params;
  const Dataset& tr = problem.train;
  const Dataset& va = problem.validation;
  if (optimizer.type == "lbfgs") {
    LbfgsTrainer trainer(*problem.model, *problem.loss, LbfgsOptionsFromConfig(optimizer), o);
    return trainer.Train(tr.X, tr.y, va.X, va.y, *params, sink, stop);
  }
  auto rule = MakeUpdateRule(optimizer);
  auto schedule = MakeSchedule(config.schedule, optimizer.lr, epochs,
                               BatchesPerEpoch(tr.NumRows(), config.training.batch_size));
  if (!rule.ok() || !schedule.ok()) {
    TrainOutcome failed;
    failed.status = "failed";
    failed.reason = !rule.ok() ? rule.status().message() : schedule.status().message();
    return failed;
  }
  Trainer trainer(*problem.model, *problem.loss, **rule, o, schedule->get());
  return trainer.Train(tr.X, tr.y, va.X, va.y, *params, sink, stop);
}

}  // namespace optiscope
