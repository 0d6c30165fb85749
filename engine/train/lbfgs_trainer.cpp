#include "engine/train/lbfgs_trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/train/metrics.h"
#include "engine/train/early_stopping.h"

namespace optiscope {

LbfgsTrainer::LbfgsTrainer(const DifferentiableModel& model, const Loss& loss, LbfgsOptions lbfgs,
                           TrainerOptions options)
    : model_(model), loss_(loss), lbfgs_options_(lbfgs), options_(std::move(options)) {}

TrainOutcome LbfgsTrainer::Train(const Mat& X, const Vec& y, const Mat& X_val, const Vec& y_val,
                                 std::span<Scalar> caller_params, EventSink& sink,
                                 std::stop_token stop) {
  using Clock = std::chrono::steady_clock;
  const auto start_time = Clock::now();
  const TaskKind task = options_.task;
  const RegularizationConfig& reg = options_.regularization;
  const int n = static_cast<int>(X.rows());
  const int k = model_.NumOutputs();
  const int width = loss_.TargetWidth(k);
  const int num_params = model_.NumParameters();
  const int chunk = std::clamp(n, 1, 256);

  // Aligned copies, as in Trainer, so runs are bitwise reproducible.
  Vec param_buffer = Eigen::Map<const Vec>(caller_params.data(), num_params);
  const std::span<Scalar> params(param_buffer.data(), num_params);
  auto ws = model_.MakeWorkspace(chunk);
  auto eval_ws = model_.MakeWorkspace(std::clamp<int>(static_cast<int>(X_val.rows()), 1, 256));
  Mat d_out(chunk, k);
  Vec chunk_grad(num_params);
  const std::vector<ParamRange> weight_ranges = model_.WeightRanges();
  EarlyStopping early_stopping(reg, task == TaskKind::kClassification, params);

  // f(θ) = mean loss over all rows + (l2/2)||w||²; grad written in place.
  const Objective objective = [&](std::span<const Scalar> at, std::span<Scalar> grad) -> double {
    Eigen::Map<Vec> g(grad.data(), num_params);
    g.setZero();
    double total = 0.0;
    for (int begin = 0; begin < n; begin += chunk) {
      const int rows = std::min(chunk, n - begin);
      const ConstMatXMap<Scalar> xb(X.data() + static_cast<Eigen::Index>(begin) * X.cols(), rows,
                                    X.cols());
      const std::span<const Scalar> yb(y.data() + static_cast<Eigen::Index>(begin) * width,
                                       static_cast<size_t>(rows) * width);
      const auto out = model_.Forward(at, xb, *ws, nullptr);
      MatXMap<Scalar> g_out(d_out.data(), rows, k);
      const double mean = loss_.Evaluate(out, yb, &g_out);
      model_.Backward(at, xb, View(d_out, rows), *ws,
                      std::span<Scalar>(chunk_grad.data(), num_params));
      const double w = static_cast<double>(rows) / n;
      total += w * mean;
      g += static_cast<Scalar>(w) * chunk_grad;
    }
    if (reg.l2 > 0) {
      for (const ParamRange& r : weight_ranges) {
        Eigen::Map<const Vec> wv(at.data() + r.offset, r.size);
        total += 0.5 * reg.l2 * static_cast<double>(wv.squaredNorm());
        g.segment(r.offset, r.size) += static_cast<Scalar>(reg.l2) * wv;
      }
    }
    return total;
  };

  Lbfgs lbfgs(lbfgs_options_);
  lbfgs.Reset(num_params);
  TrainOutcome outcome;
  outcome.history.reserve(std::max(options_.epochs, 0));
  std::vector<int> full_order;
  if (options_.on_batch_order) {
    full_order.resize(n);
    for (int i = 0; i < n; ++i) full_order[i] = i;
  }
  for (int epoch = 1; epoch <= options_.epochs; ++epoch) {
    if (options_.on_batch_order) options_.on_batch_order(epoch, full_order);
    if (stop.stop_requested()) {
      outcome.status = "cancelled";
      outcome.reason = "stopped at epoch " + std::to_string(epoch);
      break;
    }
    auto step = lbfgs.Step(objective, params);
    if (!step.ok()) {
      outcome.status = "failed";
      outcome.reason = "loss became NaN or Inf at epoch " + std::to_string(epoch) + " (" +
                       step.status().message() + ")";
      break;
    }
    const TargetScaling scaling = options_.target_scaling;
    const SplitMetrics train = EvaluateModel(model_, params, loss_, X, y, task, *eval_ws, scaling);
    SplitMetrics val{NAN, NAN, NAN, NAN, NAN};
    if (X_val.rows() > 0) {
      val = EvaluateModel(model_, params, loss_, X_val, y_val, task, *eval_ws, scaling);
    }
    if (!std::isfinite(train.loss) || (X_val.rows() > 0 && !std::isfinite(val.loss))) {
      outcome.status = "failed";
      outcome.reason = "loss became NaN or Inf at epoch " + std::to_string(epoch);
      break;
    }
    EpochMetrics m;
    m.run_id = options_.run_id;
    m.epoch = epoch;
    m.total_epochs = options_.epochs;
    m.train_loss = train.loss;
    m.val_loss = val.loss;
    const bool cls = task == TaskKind::kClassification;
    m.train_metric = cls ? train.accuracy : train.rmse;
    m.val_metric = cls ? val.accuracy : val.rmse;
    m.elapsed_seconds = std::chrono::duration<double>(Clock::now() - start_time).count();
    m.learning_rate = lbfgs_options_.lr;
    outcome.epochs_run = epoch;
    outcome.history.push_back(m);
    const double monitored = early_stopping.Monitored(m, X_val.rows() > 0);
    sink.Publish(std::move(m));
    if (options_.on_epoch_end) options_.on_epoch_end(epoch, params);
    const bool stop_now = early_stopping.Update(monitored, epoch, params);
    outcome.best_epoch = early_stopping.best_epoch();
    if (stop_now) {
      outcome.stopped_early = epoch < options_.epochs;
      break;
    }
  }
  if (outcome.status == "ok") early_stopping.RestoreBest(params);
  std::copy(params.begin(), params.end(), caller_params.begin());
  outcome.seconds = std::chrono::duration<double>(Clock::now() - start_time).count();
  return outcome;
}

}  // namespace optiscope
