#include "engine/train/lbfgs_loop.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "engine/train/loop_support.h"

namespace optiscope {

namespace {

// f(θ) = mean loss over all training rows (inference mode) + (l2/2)||w||², its gradient
// backpropagated in chunks of up to 256 rows. Buffers are allocated once, in the constructor.
class FullBatchObjective {
 public:
  FullBatchObjective(const TrainingProblem& problem, double l2)
      : problem_(problem), l2_(l2), n_(static_cast<int>(problem.X.rows())),
        k_(problem.model.NumOutputs()), width_(problem.loss.TargetWidth(k_)),
        chunk_(std::clamp(n_, 1, 256)), ws_(problem.model.MakeWorkspace(chunk_)),
        d_out_(chunk_, k_), chunk_grad_(problem.model.NumParameters()),
        weight_ranges_(problem.model.WeightRanges()) {}

  // Writes the gradient at `at` into `grad` and returns f(at).
  double Evaluate(std::span<const Scalar> at, std::span<Scalar> grad) {
    const DifferentiableModel& model = problem_.model;
    const Mat& X = problem_.X;
    const int num_params = model.NumParameters();
    Eigen::Map<Vec> g(grad.data(), num_params);
    g.setZero();
    double total = 0.0;
    for (int begin = 0; begin < n_; begin += chunk_) {
      const int rows = std::min(chunk_, n_ - begin);
      const ConstMatXMap<Scalar> xb(X.data() + static_cast<Eigen::Index>(begin) * X.cols(), rows,
                                    X.cols());
      const std::span<const Scalar> yb(
          problem_.y.data() + static_cast<Eigen::Index>(begin) * width_,
          static_cast<size_t>(rows) * width_);
      const auto out = model.Forward(at, xb, *ws_, nullptr);
      MatXMap<Scalar> g_out(d_out_.data(), rows, k_);
      const double mean = problem_.loss.Evaluate(out, yb, &g_out);
      model.Backward(at, xb, View(d_out_, rows), *ws_,
                     std::span<Scalar>(chunk_grad_.data(), num_params));
      const double w = static_cast<double>(rows) / n_;
      total += w * mean;
      g += static_cast<Scalar>(w) * chunk_grad_;
    }
    if (l2_ > 0) {
      for (const ParamRange& r : weight_ranges_) {
        Eigen::Map<const Vec> wv(at.data() + r.offset, r.size);
        total += 0.5 * l2_ * static_cast<double>(wv.squaredNorm());
        g.segment(r.offset, r.size) += static_cast<Scalar>(l2_) * wv;
      }
    }
    return total;
  }

 private:
  const TrainingProblem& problem_;
  double l2_;
  int n_, k_, width_, chunk_;
  std::unique_ptr<ModelWorkspace> ws_;
  Mat d_out_;
  Vec chunk_grad_;
  std::vector<ParamRange> weight_ranges_;
};

}  // namespace

TrainOutcome LbfgsLoop::Run(const TrainingProblem& problem,
                            std::span<TrainingCallback* const> callbacks) {
  const auto start_time = std::chrono::steady_clock::now();
  const DifferentiableModel& model = problem.model;
  const Loss& loss = problem.loss;
  const Mat& X = problem.X;
  const Vec& y = problem.y;
  const TaskKind task = options_.task;
  const int n = static_cast<int>(X.rows());
  const int num_params = model.NumParameters();
  const bool has_validation = problem.X_val.rows() > 0;

  // Aligned copies, as in MiniBatchLoop, so runs are bitwise reproducible.
  Vec param_buffer = Eigen::Map<const Vec>(problem.params.data(), num_params);
  const std::span<Scalar> params(param_buffer.data(), num_params);
  auto eval_ws =
      model.MakeWorkspace(std::clamp<int>(static_cast<int>(problem.X_val.rows()), 1, 256));
  FullBatchObjective full_batch(problem, options_.regularization.l2);
  const Objective objective = [&full_batch](std::span<const Scalar> at, std::span<Scalar> grad) {
    return full_batch.Evaluate(at, grad);
  };

  Lbfgs lbfgs(lbfgs_options_);
  lbfgs.Reset(num_params);
  TrainOutcome outcome;
  outcome.history.reserve(std::max(options_.epochs, 0));
  std::vector<int> full_order(n);
  std::iota(full_order.begin(), full_order.end(), 0);
  Decision decision = Decision::kContinue;
  for (int epoch = 1; epoch <= options_.epochs; ++epoch) {
    decision = loop_support::Notify(
        callbacks, [&](TrainingCallback& c) { return c.OnBatchOrder(epoch, full_order); });
    if (problem.stop.stop_requested()) {
      outcome.status = Status::Cancelled("stopped at epoch " + std::to_string(epoch));
      break;
    }
    if (decision == Decision::kStop) break;
    auto step = lbfgs.Step(objective, params);
    if (!step.ok()) {
      outcome.status = Status::Diverged("loss became NaN or Inf at epoch " +
                                        std::to_string(epoch) + " (" + step.status().message() +
                                        ")");
      break;
    }
    const TargetScaling scaling = options_.target_scaling;
    const SplitMetrics train = EvaluateModel(model, params, loss, X, y, task, *eval_ws, scaling);
    SplitMetrics val = SplitMetrics::AllNaN();
    if (has_validation) {
      val = EvaluateModel(model, params, loss, problem.X_val, problem.y_val, task, *eval_ws,
                          scaling);
    }
    if (!std::isfinite(train.loss) || (has_validation && !std::isfinite(val.loss))) {
      outcome.status = Status::Diverged("loss became NaN or Inf at epoch " + std::to_string(epoch));
      break;
    }
    decision = loop_support::FinishEpoch(
        problem, callbacks,
        loop_support::MakeEpochMetrics(options_, epoch, train, val,
                                       loop_support::SecondsSince(start_time), lbfgs_options_.lr),
        params, &outcome);
    if (decision == Decision::kStop) break;
  }
  loop_support::FinishRun(problem, callbacks, decision, options_.epochs, start_time, params,
                          &outcome);
  return outcome;
}

}  // namespace optiscope
