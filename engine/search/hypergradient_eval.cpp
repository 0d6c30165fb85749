#include "engine/search/hypergradient_eval.h"

#include <cmath>
#include <vector>

#include "engine/config/config_names.h"
#include "engine/data/data_source.h"
#include "engine/data/splits.h"
#include "engine/losses/loss_factory.h"
#include "engine/models/model_factory.h"
#include "engine/train/configured_split.h"

namespace optiscope {
namespace {

using VecD = Eigen::VectorXd;

// Full-batch data loss gradient of one split (inference mode), in double.
class SplitGradient {
 public:
  SplitGradient(const DifferentiableModel& model, const Loss& loss, const Mat& X, const Vec& y)
      : model_(model),
        loss_(loss),
        X_(X),
        y_(y),
        ws_(model.MakeWorkspace(std::max<int>(1, X.rows()))),
        d_out_(X.rows(), model.NumOutputs()),
        params_(model.NumParameters()),
        grad_(model.NumParameters()) {}

  VecD Gradient(const VecD& w) {
    for (int i = 0; i < w.size(); ++i) params_[i] = static_cast<Scalar>(w[i]);
    const ConstMatMap X(X_.data(), X_.rows(), X_.cols());
    auto out = model_.Forward(params_, X, *ws_, nullptr);
    MatMap d_out(d_out_.data(), d_out_.rows(), d_out_.cols());
    loss_.Evaluate(out, std::span<const Scalar>(y_.data(), y_.size()), &d_out);
    model_.Backward(params_, X, ConstMatMap(d_out_.data(), d_out_.rows(), d_out_.cols()), *ws_,
                    grad_);
    VecD g(w.size());
    for (int i = 0; i < w.size(); ++i) g[i] = grad_[i];
    return g;
  }

 private:
  const DifferentiableModel& model_;
  const Loss& loss_;
  const Mat& X_;
  const Vec& y_;
  std::unique_ptr<ModelWorkspace> ws_;
  Mat d_out_;
  std::vector<Scalar> params_;
  std::vector<Scalar> grad_;
};

}  // namespace

Result<Hypergradient> ComputeHypergradient(const ExperimentConfig& config, const RunResult& result,
                                           const HypergradientOptions& options) {
  const TrainedModel& trained = result.model;
  auto dataset = LoadDataset(config.data);
  if (!dataset.ok()) return dataset.status();
  auto split = MakeConfiguredSplit(config.data, *dataset);
  if (!split.ok()) return split.status();
  if (split->validation.empty()) return Status::InvalidArgument("no validation rows");
  Dataset train = dataset->Subset(split->train);
  Dataset val = dataset->Subset(split->validation);
  trained.preprocessor.Transform(&train.X);
  trained.preprocessor.Transform(&val.X);
  if (trained.task == TaskKind::kRegression) {
    for (Dataset* part : {&train, &val}) {
      part->y = ((part->y.cast<double>().array() - trained.target_offset) / trained.target_scale)
                    .cast<Scalar>()
                    .matrix();
    }
  }
  auto model = MakeModel(config.model, trained.num_inputs, trained.num_outputs, trained.task);
  if (!model.ok()) return model.status();
  auto loss = MakeLoss(config.loss, trained.task);
  if (!loss.ok()) return loss.status();
  const int n = (*model)->NumParameters();
  VecD w(n), mask = VecD::Zero(n);
  for (int i = 0; i < n; ++i) w[i] = trained.parameters[i];
  for (const ParamRange& r : (*model)->WeightRanges()) mask.segment(r.offset, r.size).setOnes();

  SplitGradient train_grad(**model, **loss, train.X, train.y);
  SplitGradient val_grad(**model, **loss, val.X, val.y);
  const VecD gv = val_grad.Gradient(w);
  Hypergradient out;

  // Learning rate: w_T - w_0 is -lr * (sum of the steps); greedy approximation of dw_T/dlog(lr).
  std::vector<Scalar> w0(n);
  Rng init_rng = Rng(config.training.seed).Fork(0);
  (*model)->Initialize(w0, init_rng);
  VecD delta(n);
  for (int i = 0; i < n; ++i) delta[i] = w[i] - w0[i];
  out.d_log_lr = IsFullBatchOptimizer(config.optimizer.type) ? 0.0 : gv.dot(delta);  // L-BFGS: no rate

  // L2: implicit function theorem at w* (stationary point of L_train + l2/2 ||M w||^2).
  const double alpha = config.regularization.l2;
  if (alpha > 0) {
    const double w_norm = w.norm();
    auto hvp = [&](const VecD& v) {
      const double vn = v.norm();
      if (vn == 0) return VecD(VecD::Zero(n));
      const double eps = 1e-3 * (1.0 + w_norm) / vn;
      const VecD hv =
          (train_grad.Gradient(w + eps * v) - train_grad.Gradient(w - eps * v)) / (2.0 * eps);
      return VecD(hv + alpha * mask.cwiseProduct(v));
    };
    // Conjugate gradients on (H + alpha M) x = gv. H may be indefinite away from a minimum; stop
    // on non-positive curvature and use the iterate so far.
    VecD x = VecD::Zero(n), r = gv, p = r;
    double rr = r.squaredNorm();
    const double stop = options.cg_tolerance * options.cg_tolerance * rr;
    for (int it = 0; it < options.max_cg_iterations && rr > stop; ++it) {
      const VecD hp = hvp(p);
      const double curvature = p.dot(hp);
      if (!(curvature > 0)) break;
      const double a = rr / curvature;
      x += a * p;
      r -= a * hp;
      const double rr_new = r.squaredNorm();
      p = r + (rr_new / rr) * p;
      rr = rr_new;
      out.cg_iterations = it + 1;
    }
    out.d_log_l2 = -alpha * mask.cwiseProduct(w).dot(x);
  }
  if (!std::isfinite(out.d_log_lr) || !std::isfinite(out.d_log_l2)) {
    return Status::Diverged("hypergradient is not finite");
  }
  return out;
}

}  // namespace optiscope
