#include "engine/train/mini_batch_loop.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/core/rng.h"
#include "engine/train/loop_support.h"

namespace optiscope {

namespace {

using loop_support::Notify;

void AddL2(std::span<const ParamRange> ranges, double l2, std::span<const Scalar> params,
           std::span<Scalar> grad) {
  const Scalar c = static_cast<Scalar>(l2);
  for (const ParamRange& r : ranges) {
    Eigen::Map<Vec> g(grad.data() + r.offset, r.size);
    g += c * Eigen::Map<const Vec>(params.data() + r.offset, r.size);
  }
}

std::string NonFinite(double v) { return std::isnan(v) ? "NaN" : "Inf"; }

}  // namespace

// One run's buffers and state: everything the batch loop touches is allocated in the constructor.
class MiniBatchLoop::EpochRunner {
 public:
  EpochRunner(const MiniBatchLoop& loop, const TrainingProblem& problem,
       std::span<TrainingCallback* const> callbacks)
      : loop_(loop), problem_(problem), callbacks_(callbacks),
        // Train on a copy in Eigen-allocated (64-byte aligned) storage, like the gradient below:
        // vectorised loops peel a different number of leading elements at other alignments,
        // which changes rounding (fused multiply-adds, reductions). With fixed alignment every
        // run with the same seed gives the same numbers bit for bit, whatever buffer is given.
        param_buffer_(Eigen::Map<const Vec>(problem.params.data(),
                                            static_cast<Eigen::Index>(problem.params.size()))),
        params_(param_buffer_.data(), problem.params.size()),
        n_(static_cast<int>(problem.X.rows())),
        k_(problem.model.NumOutputs()),
        width_(problem.loss.TargetWidth(k_)),
        batch_(loop.options_.batch_size <= 0 || loop.options_.batch_size >= n_
                   ? std::max(n_, 1)
                   : loop.options_.batch_size),
        ws_(problem.model.MakeWorkspace(batch_)),
        xb_(batch_, problem.X.cols()),
        yb_(static_cast<Eigen::Index>(batch_) * width_),
        d_out_(batch_, k_),
        grad_buffer_(problem.model.NumParameters()),
        grad_(grad_buffer_.data(), static_cast<size_t>(grad_buffer_.size())),
        order_(n_),
        weight_ranges_(problem.model.WeightRanges()),
        batch_rng_(Rng(loop.options_.seed).Fork(1)),
        dropout_rng_(Rng(loop.options_.seed).Fork(2)),
        train_acc_(loop.options_.task, loop.options_.target_scaling) {
    std::iota(order_.begin(), order_.end(), 0);
  }

  std::span<Scalar> params() const { return params_; }

  // Shuffles, then trains one epoch's batches at the rate `*lr` (updated from the schedule).
  // Returns the callbacks' decision; a non-ok *status (cancelled, diverged) ends the run.
  Decision TrainEpoch(int epoch, double* lr, Status* status) {
    UpdateRule& rule = loop_.rule_;
    LrSchedule* schedule = loop_.schedule_;
    const DifferentiableModel& model = problem_.model;
    batch_rng_.Shuffle(order_);
    Decision decision =
        Notify(callbacks_, [&](TrainingCallback& c) { return c.OnBatchOrder(epoch, order_); });
    train_acc_.Clear();
    int batch_index = 0;
    for (int begin = 0; begin < n_ && decision == Decision::kContinue; begin += batch_) {
      ++batch_index;
      if (problem_.stop.stop_requested()) {
        *status = Status::Cancelled("stopped at epoch " + std::to_string(epoch) + ", batch " +
                                    std::to_string(batch_index));
        break;
      }
      const int rows = std::min(batch_, n_ - begin);
      if (schedule) *lr = schedule->Rate();
      Gather(begin, rows);
      const ConstMatXMap<Scalar> xv = View(xb_, rows);
      const std::span<const Scalar> yv(yb_.data(), static_cast<size_t>(rows) * width_);
      const auto out = model.Forward(params_, xv, *ws_, &dropout_rng_);
      MatXMap<Scalar> g_out(d_out_.data(), rows, k_);
      const double batch_loss = problem_.loss.Evaluate(out, yv, &g_out);
      if (!std::isfinite(batch_loss)) {
        *status = Status::Diverged("loss became " + NonFinite(batch_loss) + " at epoch " +
                                   std::to_string(epoch) + ", batch " +
                                   std::to_string(batch_index));
        break;
      }
      train_acc_.Add(out, yv, batch_loss);
      model.Backward(params_, xv, View(d_out_, rows), *ws_, grad_);
      const double l2 = loop_.options_.regularization.l2;
      if (l2 > 0) AddL2(weight_ranges_, l2, params_, grad_);
      decision = Notify(callbacks_, [&](TrainingCallback& c) { return c.OnGradient(grad_); });
      if (schedule) {
        if (const auto momentum = schedule->Momentum()) rule.SetMomentum(*momentum);
      }
      rule.Step(grad_, *lr, params_);
      const StepView step{epoch, ++updates_, rule.EffectiveLearningRate(*lr), params_};
      if (Notify(callbacks_, [&](TrainingCallback& c) { return c.OnStep(step); }) ==
          Decision::kStop) {
        decision = Decision::kStop;
      }
      if (schedule) schedule->StepBatch();
    }
    return decision;
  }

  // The epoch's running train figures.
  SplitMetrics FinishTrainMetrics() { return train_acc_.Finish(); }

 private:
  // Copies the rows order_[begin, begin + rows) into the batch buffers.
  void Gather(int begin, int rows) {
    for (int i = 0; i < rows; ++i) {
      const int r = order_[begin + i];
      xb_.row(i) = problem_.X.row(r);
      for (int j = 0; j < width_; ++j)
        yb_[i * width_ + j] = problem_.y[static_cast<Eigen::Index>(r) * width_ + j];
    }
  }

  const MiniBatchLoop& loop_;
  const TrainingProblem& problem_;
  std::span<TrainingCallback* const> callbacks_;
  Vec param_buffer_;
  std::span<Scalar> params_;
  int n_, k_, width_, batch_;
  std::unique_ptr<ModelWorkspace> ws_;
  Mat xb_;
  Vec yb_;
  Mat d_out_;
  Vec grad_buffer_;
  std::span<Scalar> grad_;
  std::vector<int> order_;
  std::vector<ParamRange> weight_ranges_;
  Rng batch_rng_;
  Rng dropout_rng_;
  MetricAccumulator train_acc_;
  long long updates_ = 0;
};

MiniBatchLoop::MiniBatchLoop(UpdateRule& rule, TrainerOptions options, LrSchedule* schedule)
    : rule_(rule), options_(std::move(options)), schedule_(schedule) {}

TrainOutcome MiniBatchLoop::Run(const TrainingProblem& problem,
                                std::span<TrainingCallback* const> callbacks) {
  const auto start_time = std::chrono::steady_clock::now();
  EpochRunner run(*this, problem, callbacks);
  const std::span<Scalar> params = run.params();
  const bool has_validation = problem.X_val.rows() > 0;
  auto eval_ws =
      problem.model.MakeWorkspace(std::clamp<int>(static_cast<int>(problem.X_val.rows()), 1, 256));
  TrainOutcome outcome;
  outcome.history.reserve(std::max(options_.epochs, 0));
  rule_.Reset(problem.model.NumParameters());

  Decision decision = Decision::kContinue;
  for (int epoch = 1; epoch <= options_.epochs; ++epoch) {
    double lr = schedule_ ? schedule_->Rate() : options_.learning_rate;
    decision = run.TrainEpoch(epoch, &lr, &outcome.status);
    if (!outcome.status.ok() || decision == Decision::kStop) break;
    const SplitMetrics train = run.FinishTrainMetrics();
    SplitMetrics val = SplitMetrics::AllNaN();
    if (has_validation) {
      val = EvaluateModel(problem.model, params, problem.loss, problem.X_val, problem.y_val,
                          options_.task, *eval_ws, options_.target_scaling);
      if (!std::isfinite(val.loss)) {
        outcome.status = Status::Diverged("validation loss became " + NonFinite(val.loss) +
                                          " at epoch " + std::to_string(epoch));
        break;
      }
    }
    decision = loop_support::FinishEpoch(
        problem, callbacks,
        loop_support::MakeEpochMetrics(options_, epoch, train, val,
                                       loop_support::SecondsSince(start_time),
                                       rule_.EffectiveLearningRate(lr)),
        params, &outcome);
    if (schedule_) schedule_->StepEpoch(has_validation ? val.loss : train.loss);
    if (decision == Decision::kStop) break;
  }
  loop_support::FinishRun(problem, callbacks, decision, options_.epochs, start_time, params,
                          &outcome);
  return outcome;
}

}  // namespace optiscope
