// L-BFGS with a strong-Wolfe line search: the full-batch optimizer named lbfgs. It re-evaluates the
// objective during a step, so it is not an UpdateRule; callers hand it an Objective instead.
#pragma once

#include <span>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/core/types.h"
#include "engine/optim/objective.h"
#include "engine/optim/strong_wolfe.h"

namespace optiscope {

struct LbfgsOptions {
  double lr = 1.0;                 // initial step length of each line search
  int max_iter = 20;               // iterations per Step
  int max_eval = 0;                // objective evaluations per Step; 0 = max_iter·5/4
  double tolerance_grad = 1e-7;    // stop when max|∇f| <= this
  double tolerance_change = 1e-9;  // stop when the step or the change in f is below this
  int history_size = 100;          // (s, y) pairs kept
};

// lr and history_size from an OptimizerConfig (type lbfgs); the rest keeps PyTorch's defaults.
LbfgsOptions LbfgsOptionsFromConfig(const OptimizerConfig& config);

struct LbfgsStepReport {
  double initial_loss = 0.0;  // f at the start of the step (what torch's step(closure) returns)
  double final_loss = 0.0;    // f at the point the step ends on
  int iterations = 0;         // L-BFGS iterations done in this step
  int evaluations = 0;        // objective calls made in this step
  bool converged = false;     // stopped by tolerance_grad or tolerance_change
};

// Limited-memory BFGS (Liu & Nocedal 1989; two-loop recursion, Nocedal & Wright Algorithm 7.4)
// with initial Hessian scaling sᵀy/yᵀy and the strong-Wolfe line search, following
// torch.optim.LBFGS(line_search_fn="strong_wolfe") of PyTorch 1.13: the first iteration ever starts
// from t = min(1, 1/‖g‖₁)·lr along −g, later ones from t = lr; pairs with sᵀy <= 1e-10 are skipped;
// the history and the iteration count persist across Steps until Reset (as torch's state does).
// Not thread-safe.
class Lbfgs {
 public:
  explicit Lbfgs(LbfgsOptions options = {}) : options_(options) {}

  // Clears the history and sizes the buffers for `num_params` parameters.
  void Reset(int num_params);

  // One torch-style step: up to max_iter iterations (max_eval evaluations) from `params`, updated
  // in place. The objective is always called with `params` itself holding the point to evaluate (so
  // a model whose parameter buffer is `params` can ignore the argument). On return `params` holds
  // the accepted point (the last objective call may have been at a rejected trial point, so a
  // model's cached activations may not match it). Diverged if the objective is NaN/Inf at the start
  // or at an accepted point. REQUIRES: Reset(params.size()).
  Result<LbfgsStepReport> Step(const Objective& objective, std::span<Scalar> params);

  const LbfgsOptions& options() const { return options_; }

 private:
  // d = −H·g by the two-loop recursion over the stored pairs.
  void ComputeDirection();
  // Stores the pair (s = t·d, y = g − g_prev) if sᵀy > 1e-10.
  void UpdateHistory();

  LbfgsOptions options_;
  StrongWolfeLineSearch line_search_;
  std::vector<Scalar> g_, prev_g_, d_, x0_;
  std::vector<std::vector<Scalar>> s_hist_, y_hist_;  // ring buffers, oldest at `hist_start_`
  std::vector<double> rho_, alpha_;
  int hist_start_ = 0;
  int hist_count_ = 0;
  double h_diag_ = 1.0;
  double t_ = 0.0;            // last accepted step length
  long long total_iter_ = 0;  // iterations since Reset (torch's state['n_iter'])
};

}  // namespace optiscope
