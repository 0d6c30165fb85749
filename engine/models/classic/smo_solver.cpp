#include "engine/models/classic/smo_solver.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optiscope {
namespace {

constexpr double kTau = 1e-12;

// The analytic two-variable step on (alpha_i, alpha_j) that keeps y'alpha = 0, clipped to the
// box [0, C] (Platt 1998; LIBSVM's update, Fan, Chen & Lin 2005). `quad` is
// K_ii + K_jj - 2 K_ij.
void UpdatePair(int i, int j, std::span<const int8_t> y, double quad,
                const std::vector<double>& grad, double C, std::vector<double>* alpha_out) {
  std::vector<double>& alpha = *alpha_out;
  if (quad <= 0.0) quad = kTau;
  if (y[i] != y[j]) {
    const double delta = (-grad[i] - grad[j]) / quad;
    const double diff = alpha[i] - alpha[j];
    alpha[i] += delta;
    alpha[j] += delta;
    if (diff > 0.0) {
      if (alpha[j] < 0.0) {
        alpha[j] = 0.0;
        alpha[i] = diff;
      }
    } else if (alpha[i] < 0.0) {
      alpha[i] = 0.0;
      alpha[j] = -diff;
    }
    if (diff > 0.0) {
      if (alpha[i] > C) {
        alpha[i] = C;
        alpha[j] = C - diff;
      }
    } else if (alpha[j] > C) {
      alpha[j] = C;
      alpha[i] = C + diff;
    }
    return;
  }
  const double delta = (grad[i] - grad[j]) / quad;
  const double sum = alpha[i] + alpha[j];
  alpha[i] -= delta;
  alpha[j] += delta;
  if (sum > C) {
    if (alpha[i] > C) {
      alpha[i] = C;
      alpha[j] = sum - C;
    }
  } else if (alpha[j] < 0.0) {
    alpha[j] = 0.0;
    alpha[i] = sum;
  }
  if (sum > C) {
    if (alpha[j] > C) {
      alpha[j] = C;
      alpha[i] = sum - C;
    }
  } else if (alpha[i] < 0.0) {
    alpha[i] = 0.0;
    alpha[j] = sum;
  }
}

// rho: the mean of y G over the free variables, else the middle of the feasible interval.
double Rho(std::span<const int8_t> y, const std::vector<double>& grad,
           const std::vector<double>& alpha, double C) {
  double ub = std::numeric_limits<double>::infinity();
  double lb = -std::numeric_limits<double>::infinity();
  double sum_free = 0.0;
  int free_count = 0;
  for (size_t t = 0; t < alpha.size(); ++t) {
    const double yg = y[t] * grad[t];
    if (alpha[t] >= C) {
      if (y[t] == -1)
        ub = std::min(ub, yg);
      else
        lb = std::max(lb, yg);
    } else if (alpha[t] <= 0.0) {
      if (y[t] == +1)
        ub = std::min(ub, yg);
      else
        lb = std::max(lb, yg);
    } else {
      ++free_count;
      sum_free += yg;
    }
  }
  return free_count > 0 ? sum_free / free_count : (ub + lb) / 2.0;
}

}  // namespace

Status SolveSmo(KernelMatrix& kernel, std::span<const int> rows, std::span<const int8_t> y,
                const SmoOptions& options, std::stop_token stop, SmoResult* result) {
  const int l = static_cast<int>(rows.size());
  const double C = options.C;
  const int64_t max_iter =
      options.max_iter > 0 ? options.max_iter : std::max<int64_t>(10000000, 100LL * l);
  std::vector<double>& alpha = result->alpha;
  alpha.assign(l, 0.0);
  std::vector<double> grad(l, -1.0);  // G = Q a - e
  std::vector<double> qd(l);
  for (int t = 0; t < l; ++t) qd[t] = kernel.Diagonal(rows[t]);
  std::vector<float> ki(l), kj(l);  // kernel rows of i and j restricted to the subproblem
  auto fetch = [&](int t, std::vector<float>* out) {
    const float* row = kernel.Row(rows[t]);
    for (int s = 0; s < l; ++s) (*out)[s] = row[rows[s]];
  };
  auto is_upper = [&](int t) { return alpha[t] >= C; };
  auto is_lower = [&](int t) { return alpha[t] <= 0.0; };

  result->iterations = 0;
  result->converged = false;
  while (result->iterations < max_iter) {
    if (result->iterations % 1000 == 0 && stop.stop_requested()) return Status::Cancelled();
    // Select i: maximal violating index in I_up by -y_t G_t.
    double g_max = -std::numeric_limits<double>::infinity();
    int i = -1;
    for (int t = 0; t < l; ++t) {
      if (y[t] == +1) {
        if (!is_upper(t) && -grad[t] >= g_max) {
          g_max = -grad[t];
          i = t;
        }
      } else if (!is_lower(t) && grad[t] >= g_max) {
        g_max = grad[t];
        i = t;
      }
    }
    if (i < 0) {
      result->converged = true;
      break;
    }
    fetch(i, &ki);
    // Select j in I_low minimising the second-order decrease -b^2/a.
    double g_max2 = -std::numeric_limits<double>::infinity();
    double best = std::numeric_limits<double>::infinity();
    int j = -1;
    for (int t = 0; t < l; ++t) {
      double diff;
      if (y[t] == +1) {
        if (is_lower(t)) continue;
        diff = g_max + grad[t];
        g_max2 = std::max(g_max2, grad[t]);
      } else {
        if (is_upper(t)) continue;
        diff = g_max - grad[t];
        g_max2 = std::max(g_max2, -grad[t]);
      }
      if (diff > 0.0) {
        double quad = qd[i] + qd[t] - 2.0 * ki[t];
        if (quad <= 0.0) quad = kTau;
        const double obj = -(diff * diff) / quad;
        if (obj <= best) {
          best = obj;
          j = t;
        }
      }
    }
    if (g_max + g_max2 < options.tol || j < 0) {
      result->converged = true;
      break;
    }
    ++result->iterations;
    fetch(j, &kj);
    // Two-variable update on (i, j) keeping y'a = 0 and the box.
    const double old_i = alpha[i], old_j = alpha[j];
    UpdatePair(i, j, y, qd[i] + qd[j] - 2.0 * ki[j], grad, C, &alpha);
    // G_t += Q_ti d_i + Q_tj d_j with Q_ts = y_t y_s K_ts.
    const double di = (alpha[i] - old_i) * y[i], dj = (alpha[j] - old_j) * y[j];
    for (int t = 0; t < l; ++t) grad[t] += y[t] * (ki[t] * di + kj[t] * dj);
  }

  result->rho = Rho(y, grad, alpha, C);
  return Status::Ok();
}

}  // namespace optiscope
