#include "engine/compress/fine_tune.h"

#include <memory>

#include "engine/compress/fake_quantized_model.h"
#include "engine/train/model_and_loss.h"
#include "engine/optim/update_rule.h"
#include "engine/train/trainer.h"

namespace optiscope {

namespace {

struct Setup {
  std::unique_ptr<DifferentiableModel> model;
  std::unique_ptr<Loss> loss;
  std::unique_ptr<UpdateRule> rule;
};

// The trained model's architecture with the default loss of its task, and Adam at `lr`.
Result<Setup> MakeSetup(const TrainedModel& trained, double lr) {
  auto made = MakeModelAndLoss(trained.model, LossConfig{}, trained.task, trained.num_inputs,
                               trained.num_outputs, {},
                               static_cast<long long>(trained.parameters.size()));
  if (!made.ok()) return made.status();
  OptimizerConfig opt = DefaultOptimizerConfig(OptimizerType::kAdam);
  opt.lr = lr;
  auto rule = MakeUpdateRule(opt);
  if (!rule.ok()) return rule.status();
  Setup s;
  s.model = std::move(made->model);
  s.loss = std::move(made->loss);
  s.rule = std::move(*rule);
  return s;
}

TrainerOptions MakeTrainerOptions(const TrainedModel& trained, const CompressionData& data,
                                  const FineTuneOptions& o) {
  TrainerOptions t;
  t.epochs = o.epochs;
  t.batch_size = o.batch_size;
  t.seed = o.seed;
  t.learning_rate = o.learning_rate;
  t.task = trained.task;
  t.target_scaling = data.scaling;
  t.run_id = "fine-tune";
  return t;
}

Status Outcome(const TrainOutcome& out) {
  if (out.status.code() == StatusCode::kCancelled) return Status::Cancelled("compression cancelled");
  if (!out.status.ok()) return Status::Diverged("fine-tuning failed: " + out.status.message());
  return Status::Ok();
}

// Re-applies a pruning mask after every update (the kept weights train, the pruned stay zero).
class KeepMask final : public TrainingCallback {
 public:
  explicit KeepMask(const PruneMask& mask) : mask_(mask) {}
  Decision OnStep(const StepView& step) override {
    ApplyMask(step.params, mask_);
    return Decision::kContinue;
  }

 private:
  const PruneMask& mask_;
};

// Gradual magnitude pruning (Zhu & Gupta 2017): the mask follows PolynomialSparsity from 0 to
// `sparsity` over updates [0, end], recomputed every `frequency` updates, applied after each one.
class GradualPruning final : public TrainingCallback {
 public:
  GradualPruning(const PruneOptions& options, std::vector<ParamRange> ranges, long long end,
                 PruneMask* mask)
      : options_(options), ranges_(std::move(ranges)), end_(end),
        frequency_(std::max(1, options.frequency)), mask_(*mask) {}

  Decision OnStep(const StepView& step) override {
    const long long u = step.updates;
    if (u <= end_ && (u % frequency_ == 0 || u == end_)) {
      const double s = u >= end_ ? options_.sparsity
                                 : PolynomialSparsity(u, 0, end_, 0.0, options_.sparsity);
      mask_ = MagnitudeMask(step.params, ranges_, s, options_.scope);
    }
    ApplyMask(step.params, mask_);
    return Decision::kContinue;
  }

 private:
  const PruneOptions& options_;
  std::vector<ParamRange> ranges_;
  long long end_;
  int frequency_;
  PruneMask& mask_;
};

}  // namespace

Result<TrainedModel> PruneModel(const TrainedModel& trained, const CompressionData& data,
                                const PruneOptions& options, std::stop_token stop) {
  if (!(options.sparsity >= 0 && options.sparsity < 1)) {
    return Status::InvalidArgument("sparsity must be in [0, 1), got " +
                                   std::to_string(options.sparsity));
  }
  auto setup = MakeSetup(trained, options.fine.learning_rate);
  if (!setup.ok()) return setup.status();
  const std::vector<ParamRange> ranges = setup->model->WeightRanges();
  TrainedModel out = trained;
  std::vector<float>& params = out.parameters;
  PruneMask mask;
  if (!options.fine_tune || options.fine.epochs <= 0 || data.X_train.rows() == 0) {
    mask = MagnitudeMask(params, ranges, options.sparsity, options.scope);
    ApplyMask(params, mask);
    return out;
  }
  const long long per_epoch = BatchesPerEpoch(static_cast<int>(data.X_train.rows()),
                                              options.fine.batch_size);
  const long long total = per_epoch * options.fine.epochs;
  const long long end = std::max<long long>(1, static_cast<long long>(options.ramp_fraction * total));
  mask.assign(params.size(), 1);
  const TrainerOptions topt = MakeTrainerOptions(trained, data, options.fine);
  NullEventSink sink;
  {
    GradualPruning pruning(options, ranges, end, &mask);
    TrainingCallback* const callbacks[] = {&pruning};
    Trainer trainer(*setup->model, *setup->loss, *setup->rule, topt);
    const TrainOutcome o = trainer.Train(data.X_train, data.y_train, data.X_val, data.y_val,
                                         params, sink, stop, callbacks);
    if (Status s = Outcome(o); !s.ok()) return s;
  }
  // The final mask at the exact target (the last scheduled update may not have been reached when
  // early stopping or a short run ended first).
  mask = MagnitudeMask(params, ranges, options.sparsity, options.scope);
  ApplyMask(params, mask);
  if (options.lottery_ticket) {
    if (options.rewind_params.size() != params.size()) {
      return Status::InvalidArgument("lottery ticket: the rewind weights do not fit the model");
    }
    params = options.rewind_params;
    ApplyMask(params, mask);
    KeepMask keep(mask);
    TrainingCallback* const callbacks[] = {&keep};
    Trainer trainer(*setup->model, *setup->loss, *setup->rule, topt);
    const TrainOutcome o = trainer.Train(data.X_train, data.y_train, data.X_val, data.y_val,
                                         params, sink, stop, callbacks);
    if (Status s = Outcome(o); !s.ok()) return s;
    ApplyMask(params, mask);
  }
  return out;
}

Result<TrainedModel> QuantizationAwareTraining(const TrainedModel& trained,
                                               const CompressionData& data, const QuantSpec& spec,
                                               const FineTuneOptions& options, bool keep_zeros,
                                               std::stop_token stop) {
  auto setup = MakeSetup(trained, options.learning_rate);
  if (!setup.ok()) return setup.status();
  const std::vector<ParamRange> ranges = setup->model->WeightRanges();
  TrainedModel out = trained;
  PruneMask mask;
  if (keep_zeros) {
    mask.assign(out.parameters.size(), 1);
    for (const ParamRange& r : ranges) {
      for (int i = 0; i < r.size; ++i) mask[r.offset + i] = out.parameters[r.offset + i] != 0.0f;
    }
  }
  // Every forward pass sees fake-quantized weights; the gradient updates the float ones.
  const FakeQuantizedModel quantized(*setup->model, LayerSizes(trained), spec);
  KeepMask keep(mask);
  std::vector<TrainingCallback*> callbacks;
  if (keep_zeros) callbacks.push_back(&keep);
  NullEventSink sink;
  Trainer trainer(quantized, *setup->loss, *setup->rule,
                  MakeTrainerOptions(trained, data, options));
  const TrainOutcome o = trainer.Train(data.X_train, data.y_train, data.X_val, data.y_val,
                                       out.parameters, sink, stop, callbacks);
  if (Status s = Outcome(o); !s.ok()) return s;
  return out;
}

}  // namespace optiscope
