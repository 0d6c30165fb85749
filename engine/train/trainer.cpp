#include "engine/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "engine/core/rng.h"
#include "engine/train/metrics.h"
#include "engine/train/early_stopping.h"

namespace optiscope {

namespace {

double MetricOf(const SplitMetrics& m, TaskKind task) {
  return task == TaskKind::kClassification ? m.accuracy : m.rmse;
}

void AddL2(std::span<const ParamRange> ranges, double l2, std::span<const Scalar> params,
           std::span<Scalar> grad) {
  const Scalar c = static_cast<Scalar>(l2);
  for (const ParamRange& r : ranges) {
    Eigen::Map<Vec> g(grad.data() + r.offset, r.size);
    g += c * Eigen::Map<const Vec>(params.data() + r.offset, r.size);
  }
}

void ClipNorm(double max_norm, std::span<Scalar> grad) {
  Eigen::Map<Vec> g(grad.data(), static_cast<Eigen::Index>(grad.size()));
  const double norm = std::sqrt(static_cast<double>(g.squaredNorm()));
  // As torch.nn.utils.clip_grad_norm_: scale by max_norm / (norm + 1e-6) when it is below 1.
  const double scale = max_norm / (norm + 1e-6);
  if (scale < 1.0) g *= static_cast<Scalar>(scale);
}

void ProximalL1(std::span<const ParamRange> ranges, double threshold, std::span<Scalar> params) {
  const Scalar t = static_cast<Scalar>(threshold);
  for (const ParamRange& r : ranges) {
    Eigen::Map<Vec> w(params.data() + r.offset, r.size);
    w = w.array().sign() * (w.array().abs() - t).cwiseMax(Scalar(0));
  }
}

}  // namespace

int BatchesPerEpoch(int rows, int batch_size) {
  if (rows <= 0) return 0;
  if (batch_size <= 0 || batch_size >= rows) return 1;
  return (rows + batch_size - 1) / batch_size;
}

Trainer::Trainer(const DifferentiableModel& model, const Loss& loss, UpdateRule& rule,
                 TrainerOptions options, LrSchedule* schedule)
    : model_(model), loss_(loss), rule_(rule), options_(std::move(options)), schedule_(schedule) {}

TrainOutcome Trainer::Train(const Mat& X, const Vec& y, const Mat& X_val, const Vec& y_val,
                            std::span<Scalar> caller_params, EventSink& sink,
                            std::stop_token stop) {
  // Train on a copy in Eigen-allocated (64-byte aligned) storage, like the gradient below:
  // vectorised loops peel a different number of leading elements at other alignments, which
  // changes rounding (fused multiply-adds, reductions). With fixed alignment every run with the
  // same seed gives the same numbers bit for bit, whatever buffer the caller passes.
  Vec param_buffer =
      Eigen::Map<const Vec>(caller_params.data(), static_cast<Eigen::Index>(caller_params.size()));
  const std::span<Scalar> params(param_buffer.data(), caller_params.size());
  using Clock = std::chrono::steady_clock;
  const auto start_time = Clock::now();
  const TaskKind task = options_.task;
  const RegularizationConfig& reg = options_.regularization;
  const int n = static_cast<int>(X.rows());
  const int d = static_cast<int>(X.cols());
  const int k = model_.NumOutputs();
  const int width = loss_.TargetWidth(k);
  const int num_params = model_.NumParameters();
  const int batch =
      options_.batch_size <= 0 || options_.batch_size >= n ? std::max(n, 1) : options_.batch_size;

  // Everything the batch loop touches is allocated here.
  auto ws = model_.MakeWorkspace(batch);
  auto eval_ws = model_.MakeWorkspace(std::clamp<int>(static_cast<int>(X_val.rows()), 1, 256));
  Mat xb(batch, d);
  Vec yb(static_cast<Eigen::Index>(batch) * width);
  Mat d_out(batch, k);
  Vec grad_buffer(num_params);
  const std::span<Scalar> grad(grad_buffer.data(), num_params);
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  const std::vector<ParamRange> weight_ranges = model_.WeightRanges();
  Rng batch_rng = Rng(options_.seed).Fork(1);
  Rng dropout_rng = Rng(options_.seed).Fork(2);
  MetricAccumulator train_acc(task, options_.target_scaling);
  EarlyStopping early_stopping(reg, task == TaskKind::kClassification, params);
  // Compression hooks: `used` is what Forward/Backward see (params unless forward_transform).
  Vec used_buffer(options_.forward_transform ? num_params : 0);
  const std::span<Scalar> used =
      options_.forward_transform ? std::span<Scalar>(used_buffer.data(), num_params) : params;
  long long updates = 0;

  TrainOutcome outcome;
  outcome.history.reserve(std::max(options_.epochs, 0));
  rule_.Reset(num_params);

  auto seconds_since_start = [&] {
    return std::chrono::duration<double>(Clock::now() - start_time).count();
  };

  for (int epoch = 1; epoch <= options_.epochs && outcome.status == "ok"; ++epoch) {
    double lr = schedule_ ? schedule_->Rate() : options_.learning_rate;
    batch_rng.Shuffle(order);
    if (options_.on_batch_order) options_.on_batch_order(epoch, order);
    train_acc.Clear();
    int batch_index = 0;
    for (int begin = 0; begin < n; begin += batch) {
      ++batch_index;
      if (stop.stop_requested()) {
        outcome.status = "cancelled";
        outcome.reason =
            "stopped at epoch " + std::to_string(epoch) + ", batch " + std::to_string(batch_index);
        break;
      }
      const int rows = std::min(batch, n - begin);
      if (schedule_) lr = schedule_->Rate();
      for (int i = 0; i < rows; ++i) {
        const int r = order[begin + i];
        xb.row(i) = X.row(r);
        for (int j = 0; j < width; ++j)
          yb[i * width + j] = y[static_cast<Eigen::Index>(r) * width + j];
      }
      const ConstMatXMap<Scalar> xv = View(xb, rows);
      const std::span<const Scalar> yv(yb.data(), static_cast<size_t>(rows) * width);
      if (options_.forward_transform) options_.forward_transform(params, used);
      const auto out = model_.Forward(used, xv, *ws, &dropout_rng);
      MatXMap<Scalar> g_out(d_out.data(), rows, k);
      const double batch_loss = loss_.Evaluate(out, yv, &g_out);
      if (!std::isfinite(batch_loss)) {
        outcome.status = "failed";
        outcome.reason = std::string("loss became ") + (std::isnan(batch_loss) ? "NaN" : "Inf") +
                         " at epoch " + std::to_string(epoch) + ", batch " +
                         std::to_string(batch_index);
        break;
      }
      train_acc.Add(out, yv, batch_loss);
      model_.Backward(used, xv, View(d_out, rows), *ws, grad);
      if (reg.l2 > 0) AddL2(weight_ranges, reg.l2, params, grad);
      // As torch.nn.utils.clip_grad_value_, then clip_grad_norm_ when both are set.
      if (reg.clip_grad_value > 0) {
        const Scalar v = static_cast<Scalar>(reg.clip_grad_value);
        for (Scalar& g : grad) g = std::clamp(g, -v, v);
      }
      if (reg.clip_grad_norm > 0) ClipNorm(reg.clip_grad_norm, grad);
      if (schedule_) {
        if (const auto momentum = schedule_->Momentum()) rule_.SetMomentum(*momentum);
      }
      rule_.Step(grad, lr, params);
      if (reg.l1 > 0) ProximalL1(weight_ranges, rule_.EffectiveLearningRate(lr) * reg.l1, params);
      if (options_.after_update) options_.after_update(params, ++updates);
      if (schedule_) schedule_->StepBatch();
    }
    if (outcome.status != "ok") break;

    const SplitMetrics train = train_acc.Finish();
    SplitMetrics val{NAN, NAN, NAN, NAN, NAN};
    if (X_val.rows() > 0) {
      if (options_.forward_transform) options_.forward_transform(params, used);
      val = EvaluateModel(model_, used, loss_, X_val, y_val, task, *eval_ws,
                          options_.target_scaling);
      if (!std::isfinite(val.loss)) {
        outcome.status = "failed";
        outcome.reason = std::string("validation loss became ") +
                         (std::isnan(val.loss) ? "NaN" : "Inf") + " at epoch " +
                         std::to_string(epoch);
        break;
      }
    }
    EpochMetrics metrics;
    metrics.run_id = options_.run_id;
    metrics.epoch = epoch;
    metrics.total_epochs = options_.epochs;
    metrics.train_loss = train.loss;
    metrics.val_loss = val.loss;
    metrics.train_metric = MetricOf(train, task);
    metrics.val_metric = MetricOf(val, task);
    metrics.elapsed_seconds = seconds_since_start();
    metrics.learning_rate = rule_.EffectiveLearningRate(lr);
    outcome.epochs_run = epoch;
    outcome.history.push_back(metrics);
    const double monitored = early_stopping.Monitored(metrics, X_val.rows() > 0);
    sink.Publish(std::move(metrics));
    if (options_.on_epoch_end) options_.on_epoch_end(epoch, params);

    if (schedule_) schedule_->StepEpoch(X_val.rows() > 0 ? val.loss : train.loss);
    const bool stop_now = early_stopping.Update(monitored, epoch, params);
    outcome.best_epoch = early_stopping.best_epoch();
    if (stop_now) {
      outcome.stopped_early = epoch < options_.epochs;
      break;
    }
  }
  if (outcome.status == "ok") early_stopping.RestoreBest(params);
  std::copy(params.begin(), params.end(), caller_params.begin());
  outcome.seconds = seconds_since_start();
  return outcome;
}

}  // namespace optiscope
