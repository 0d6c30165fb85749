// Hypergradients of a trained run's validation loss with respect to log(learning rate) and
// log(L2 strength), for the "gradient" study sampler. L2: implicit differentiation at the trained
// weights (Pedregosa 2016, "Hyperparameter optimization with approximate gradient", ICML; Lorraine
// et al. 2020, "Optimizing Millions of Hyperparameters by Implicit Differentiation", AISTATS), with
// a conjugate-gradient inverse-Hessian-vector product. Learning rate: the greedy (one-step,
// Baydin et al. 2018) approximation dw/dlr = (w_T - w_0)/lr summed over the trajectory.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <optional>

#include "engine/config/experiment_config.h"
#include "engine/core/status.h"
#include "engine/train/experiment.h"

namespace optiscope {

struct Hypergradient {
  double d_log_lr = 0.0;  // d val_loss / d log(optimizer.lr)
  double d_log_l2 = 0.0;  // d val_loss / d log(regularization.l2); 0 when l2 == 0
  int cg_iterations = 0;
};

struct HypergradientOptions {
  int max_cg_iterations = 30;
  double cg_tolerance = 1e-3;  // relative residual of the CG solve
};

// Computes the hypergradients of `result` (a finished "ok" run of `config`): reloads and splits the
// data exactly as RunExperiment did, evaluates the full-batch validation-loss gradient g_v at the
// trained weights w, solves (H + l2*M) x = g_v by conjugate gradients (H: Hessian of the training
// data loss, Hessian-vector products by central differences of gradients; M: the weight mask), and
// returns d/dlog(l2) = -l2 * (M w)^T x and d/dlog(lr) = g_v^T (w - w_0). Errors: the data cannot be
// reloaded, no validation rows, L-BFGS runs (no learning rate).
Result<Hypergradient> ComputeHypergradient(const ExperimentConfig& config, const RunResult& result,
                                           const HypergradientOptions& options = {});

// Hypergradients per trial number, filled by the experiment objective and read by the gradient
// sampler. Thread-safe.
class HypergradientLog {
 public:
  // Whether producers should compute hypergradients (the gradient sampler is in use).
  void SetEnabled(bool enabled) { enabled_.store(enabled); }
  bool enabled() const { return enabled_.load(); }
  void Put(int trial, Hypergradient g) {
    std::lock_guard lock(mu_);
    log_[trial] = g;
  }
  std::optional<Hypergradient> Get(int trial) const {
    std::lock_guard lock(mu_);
    const auto it = log_.find(trial);
    if (it == log_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::atomic<bool> enabled_{false};
  mutable std::mutex mu_;
  std::map<int, Hypergradient> log_;
};

}  // namespace optiscope
