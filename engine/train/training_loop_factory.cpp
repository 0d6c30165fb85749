#include "engine/train/training_loop_factory.h"

#include "engine/config/config_names.h"
#include "engine/optim/lbfgs.h"
#include "engine/optim/schedule.h"
#include "engine/optim/update_rule.h"
#include "engine/train/lbfgs_loop.h"
#include "engine/train/mini_batch_loop.h"

namespace optiscope {

namespace {

Status CheckFullBatch(const ExperimentConfig& config, const OptimizerConfig& optimizer) {
  if (config.regularization.l1 > 0 || config.regularization.clip_grad_norm > 0 ||
      config.model.dropout > 0) {
    return Status::InvalidArgument(
        "optimizer.type: " + EnumName(optimizer.type) +
        " works on a smooth deterministic full-batch objective; set regularization.l1, "
        "regularization.clip_grad_norm and model.dropout to 0 or pick a first-order optimizer");
  }
  if (!(optimizer.lr > 0)) return Status::InvalidArgument("optimizer.lr: must be > 0");
  return Status::Ok();
}

// The mini-batch loop together with the rule and schedule it borrows.
class OwningMiniBatchLoop final : public TrainingLoop {
 public:
  OwningMiniBatchLoop(std::unique_ptr<UpdateRule> rule, std::unique_ptr<LrSchedule> schedule,
                      const TrainerOptions& options)
      : rule_(std::move(rule)), schedule_(std::move(schedule)),
        loop_(*rule_, options, schedule_.get()) {}

  TrainOutcome Run(const TrainingProblem& problem,
                   std::span<TrainingCallback* const> callbacks) override {
    return loop_.Run(problem, callbacks);
  }

 private:
  std::unique_ptr<UpdateRule> rule_;
  std::unique_ptr<LrSchedule> schedule_;
  MiniBatchLoop loop_;
};

}  // namespace

Status CheckTrainingLoop(const ExperimentConfig& config, const OptimizerConfig& optimizer) {
  if (IsFullBatchOptimizer(optimizer.type)) return CheckFullBatch(config, optimizer);
  auto rule = MakeUpdateRule(optimizer);
  if (!rule.ok()) return rule.status();
  auto schedule = MakeSchedule(config.schedule, optimizer.lr, config.training.epochs, 1);
  if (!schedule.ok()) return schedule.status();
  return Status::Ok();
}

Result<std::unique_ptr<TrainingLoop>> MakeTrainingLoop(const ExperimentConfig& config,
                                                       const OptimizerConfig& optimizer,
                                                       const TrainerOptions& options,
                                                       int train_rows) {
  if (IsFullBatchOptimizer(optimizer.type)) {
    OPTISCOPE_RETURN_IF_ERROR(CheckFullBatch(config, optimizer));
    return std::unique_ptr<TrainingLoop>(
        std::make_unique<LbfgsLoop>(LbfgsOptionsFromConfig(optimizer), options));
  }
  auto rule = MakeUpdateRule(optimizer);
  if (!rule.ok()) return rule.status();
  // "gd" is full-batch gradient descent whatever training.batch_size says (with a batch size it
  // would be exactly "sgd").
  TrainerOptions loop_options = options;
  if (optimizer.type == OptimizerType::kGd) loop_options.batch_size = 0;
  auto schedule = MakeSchedule(config.schedule, optimizer.lr, loop_options.epochs,
                               BatchesPerEpoch(train_rows, loop_options.batch_size));
  if (!schedule.ok()) return schedule.status();
  return std::unique_ptr<TrainingLoop>(std::make_unique<OwningMiniBatchLoop>(
      std::move(rule).value(), std::move(schedule).value(), loop_options));
}

}  // namespace optiscope
