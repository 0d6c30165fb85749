#include "engine/optim/lbfgs.h"

#include <algorithm>
#include <cmath>

#include "engine/optim/span_map.h"

namespace optiscope {
namespace {

double MaxAbs(std::span<const Scalar> a) {
  return a.empty() ? 0.0 : static_cast<double>(MapArray(a).abs().maxCoeff());
}

}  // namespace

LbfgsOptions LbfgsOptionsFromConfig(const OptimizerConfig& config) {
  LbfgsOptions o;
  o.lr = config.lr;
  o.history_size = std::max(1, config.history_size);
  return o;
}

void Lbfgs::Reset(int num_params) {
  const auto n = static_cast<size_t>(num_params);
  line_search_.Reset(num_params);
  g_.assign(n, Scalar{0});
  prev_g_.assign(n, Scalar{0});
  d_.assign(n, Scalar{0});
  x0_.assign(n, Scalar{0});
  s_hist_.clear();
  y_hist_.clear();
  rho_.clear();
  alpha_.assign(static_cast<size_t>(std::max(1, options_.history_size)), 0.0);
  hist_start_ = 0;
  hist_count_ = 0;
  h_diag_ = 1.0;
  t_ = 0.0;
  total_iter_ = 0;
}

void Lbfgs::UpdateHistory() {
  const int capacity = std::max(1, options_.history_size);
  // y = g − g_prev and s = t·d, written into the slot they will occupy if accepted.
  int slot;
  if (hist_count_ < capacity) {
    slot = (hist_start_ + hist_count_) % capacity;
    if (static_cast<int>(s_hist_.size()) <= slot) {
      s_hist_.resize(slot + 1);
      y_hist_.resize(slot + 1);
      rho_.resize(slot + 1);
    }
  } else {
    slot = hist_start_;  // overwrite the oldest
  }
  auto& s = s_hist_[slot];
  auto& y = y_hist_[slot];
  s.resize(g_.size());
  y.resize(g_.size());
  MapArray(std::span<Scalar>(y)) =
      MapArray(std::span<const Scalar>(g_)) - MapArray(std::span<const Scalar>(prev_g_));
  MapArray(std::span<Scalar>(s)) = static_cast<Scalar>(t_) * MapArray(std::span<const Scalar>(d_));
  const double ys = Dot(y, s);
  if (ys <= 1e-10) return;  // curvature condition fails: skip the pair (slot content is scratch)
  rho_[slot] = 1.0 / ys;
  h_diag_ = ys / Dot(y, y);
  if (hist_count_ < capacity) {
    ++hist_count_;
  } else {
    hist_start_ = (hist_start_ + 1) % capacity;
  }
}

void Lbfgs::ComputeDirection() {
  const int capacity = std::max(1, options_.history_size);
  auto q = MapArray(std::span<Scalar>(d_));
  q = -MapArray(std::span<const Scalar>(g_));
  for (int k = hist_count_ - 1; k >= 0; --k) {
    const int i = (hist_start_ + k) % capacity;
    alpha_[k] = Dot(s_hist_[i], d_) * rho_[i];
    q -= static_cast<Scalar>(alpha_[k]) * MapArray(std::span<const Scalar>(y_hist_[i]));
  }
  q *= static_cast<Scalar>(h_diag_);
  for (int k = 0; k < hist_count_; ++k) {
    const int i = (hist_start_ + k) % capacity;
    const double beta = Dot(y_hist_[i], d_) * rho_[i];
    q += static_cast<Scalar>(alpha_[k] - beta) * MapArray(std::span<const Scalar>(s_hist_[i]));
  }
}

Result<LbfgsStepReport> Lbfgs::Step(const Objective& objective, std::span<Scalar> params) {
  if (params.size() != g_.size()) {
    return Status::Internal("Lbfgs::Step: Reset(" + std::to_string(params.size()) +
                            ") was not called");
  }
  const int max_eval = options_.max_eval > 0 ? options_.max_eval : options_.max_iter * 5 / 4;
  LbfgsStepReport report;
  double loss = objective(params, g_);
  report.initial_loss = report.final_loss = loss;
  report.evaluations = 1;
  if (!std::isfinite(loss)) return Status::Diverged("L-BFGS: the objective is not finite");
  if (MaxAbs(g_) <= options_.tolerance_grad) {
    report.converged = true;
    return report;
  }
  int evals = 1;
  int n_iter = 0;
  while (n_iter < options_.max_iter) {
    ++n_iter;
    ++total_iter_;
    if (total_iter_ == 1) {
      MapArray(std::span<Scalar>(d_)) = -MapArray(std::span<const Scalar>(g_));
      hist_start_ = hist_count_ = 0;
      h_diag_ = 1.0;
    } else {
      UpdateHistory();
      ComputeDirection();
    }
    std::copy(g_.begin(), g_.end(), prev_g_.begin());
    const double prev_loss = loss;

    if (total_iter_ == 1) {
      const double g_l1 = (MapArray(std::span<const Scalar>(g_)).cast<double>()).abs().sum();
      t_ = std::min(1.0, 1.0 / g_l1) * options_.lr;
    } else {
      t_ = options_.lr;
    }
    const double gtd = Dot(g_, d_);
    if (gtd > -options_.tolerance_change) {
      report.converged = true;
      break;
    }
    std::copy(params.begin(), params.end(), x0_.begin());
    const LineSearchResult ls = line_search_.Search(objective, x0_, d_, t_, loss, gtd, g_, params);
    loss = ls.f;
    t_ = ls.t;
    evals += ls.evaluations;
    report.iterations = n_iter;
    if (!std::isfinite(loss)) {
      report.final_loss = loss;
      report.evaluations = evals;
      return Status::Diverged("L-BFGS: the objective became NaN/Inf during the line search");
    }
    const bool optimal = MaxAbs(g_) <= options_.tolerance_grad;
    if (n_iter == options_.max_iter || evals >= max_eval) {
      report.converged = optimal;
      break;
    }
    if (optimal || std::abs(t_) * MaxAbs(d_) <= options_.tolerance_change ||
        std::abs(loss - prev_loss) < options_.tolerance_change) {
      report.converged = true;
      break;
    }
  }
  report.iterations = n_iter;
  report.evaluations = evals;
  report.final_loss = loss;
  return report;
}

}  // namespace optiscope
