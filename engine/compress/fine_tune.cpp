#include "engine/compress/fine_tune.h"

#include <memory>

#include "engine/losses/loss_factory.h"
#include "engine/models/model_factory.h"
#include "engine/optim/update_rule.h"
#include "engine/train/trainer.h"

namespace optiscope {

namespace {

struct Setup {
  std::unique_ptr<DifferentiableModel> model;
  std::unique_ptr<Loss> loss;
  std::unique_ptr<UpdateRule> rule;
};

Result<Setup> MakeSetup(const TrainedModel& trained, double lr) {
  Setup s;
  auto model = MakeModel(trained.model, trained.num_inputs, trained.num_outputs, trained.task);
  if (!model.ok()) return model.status();
  if (static_cast<int>(trained.parameters.size()) != (*model)->NumParameters()) {
    return Status::InvalidArgument("the parameter buffer does not match the model architecture");
  }
  auto loss = MakeLoss(LossConfig{}, trained.task);
  if (!loss.ok()) return loss.status();
  OptimizerConfig opt = DefaultOptimizerConfig("adam");
  opt.lr = lr;
  auto rule = MakeUpdateRule(opt);
  if (!rule.ok()) return rule.status();
  s.model = std::move(*model);
  s.loss = std::move(*loss);
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
  if (out.status == "cancelled") return Status::Cancelled("compression cancelled");
  if (out.status != "ok") return Status::Diverged("fine-tuning failed: " + out.reason);
  return Status::Ok();
}

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
  const int frequency = std::max(1, options.frequency);
  mask.assign(params.size(), 1);
  TrainerOptions topt = MakeTrainerOptions(trained, data, options.fine);
  topt.after_update = [&](std::span<Scalar> p, long long step) {
    if (step <= end && (step % frequency == 0 || step == end)) {
      const double s = step >= end ? options.sparsity
                                   : PolynomialSparsity(step, 0, end, 0.0, options.sparsity);
      mask = MagnitudeMask(p, ranges, s, options.scope);
    }
    ApplyMask(p, mask);
  };
  NullEventSink sink;
  {
    Trainer trainer(*setup->model, *setup->loss, *setup->rule, topt);
    const TrainOutcome o =
        trainer.Train(data.X_train, data.y_train, data.X_val, data.y_val, params, sink, stop);
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
    TrainerOptions retrain = MakeTrainerOptions(trained, data, options.fine);
    retrain.after_update = [&](std::span<Scalar> p, long long) { ApplyMask(p, mask); };
    Trainer trainer(*setup->model, *setup->loss, *setup->rule, retrain);
    const TrainOutcome o =
        trainer.Train(data.X_train, data.y_train, data.X_val, data.y_val, params, sink, stop);
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
  const std::vector<int> sizes = LayerSizes(trained);
  const std::vector<ParamRange> ranges = setup->model->WeightRanges();
  TrainedModel out = trained;
  PruneMask mask;
  if (keep_zeros) {
    mask.assign(out.parameters.size(), 1);
    for (const ParamRange& r : ranges) {
      for (int i = 0; i < r.size; ++i) mask[r.offset + i] = out.parameters[r.offset + i] != 0.0f;
    }
  }
  TrainerOptions topt = MakeTrainerOptions(trained, data, options);
  std::vector<float> wt;
  topt.forward_transform = [&](std::span<const Scalar> p, std::span<Scalar> used) {
    std::copy(p.begin(), p.end(), used.begin());
    for (size_t l = 0; l < ranges.size(); ++l) {
      // Quantize per output channel: DenseNetwork stores W as fan_in x fan_out, channels are
      // columns, so transpose into rows, fake-quantize, transpose back.
      const int fan_in = sizes[l], fan_out = sizes[l + 1];
      float* w = used.data() + ranges[l].offset;
      wt.resize(static_cast<size_t>(fan_in) * fan_out);
      for (int i = 0; i < fan_in; ++i)
        for (int o = 0; o < fan_out; ++o) wt[static_cast<size_t>(o) * fan_in + i] = w[i * fan_out + o];
      FakeQuantize(wt, fan_out, spec);
      for (int i = 0; i < fan_in; ++i)
        for (int o = 0; o < fan_out; ++o) w[i * fan_out + o] = wt[static_cast<size_t>(o) * fan_in + i];
    }
  };
  if (keep_zeros) topt.after_update = [&](std::span<Scalar> p, long long) { ApplyMask(p, mask); };
  NullEventSink sink;
  Trainer trainer(*setup->model, *setup->loss, *setup->rule, topt);
  const TrainOutcome o = trainer.Train(data.X_train, data.y_train, data.X_val, data.y_val,
                                       out.parameters, sink, stop);
  if (Status s = Outcome(o); !s.ok()) return s;
  return out;
}

}  // namespace optiscope
