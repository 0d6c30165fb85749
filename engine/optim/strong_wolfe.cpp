#include "engine/optim/strong_wolfe.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "engine/optim/span_map.h"

namespace optiscope {
namespace {

// Moves a zoom trial point t in [lo, hi] at least 10% of the bracket away from its ends when
// progress stalls (twice in a row near an end, or t on an end), as torch.optim.LBFGS does.
double KeepAwayFromEnds(double t, double lo, double hi, bool* insufficient_progress) {
  const double margin = 0.1 * (hi - lo);
  if (!(std::min(hi - t, t - lo) < margin)) {
    *insufficient_progress = false;
    return t;
  }
  if (*insufficient_progress || t >= hi || t <= lo) {
    *insufficient_progress = false;
    return std::abs(t - hi) < std::abs(t - lo) ? hi - margin : lo + margin;
  }
  *insufficient_progress = true;
  return t;
}

}  // namespace

double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
                        double hi) {
  const double d1 = g1 + g2 - 3.0 * (f1 - f2) / (x1 - x2);
  const double d2_square = d1 * d1 - g1 * g2;
  if (d2_square < 0.0) return (lo + hi) / 2.0;
  const double d2 = std::sqrt(d2_square);
  const double min_pos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2.0 * d2))
                                  : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2.0 * d2));
  return std::min(std::max(min_pos, lo), hi);
}

void StrongWolfeLineSearch::Reset(int num_params) {
  const auto n = static_cast<size_t>(num_params);
  g_new_.assign(n, Scalar{0});
  g_prev_.assign(n, Scalar{0});
  bracket_g_[0].assign(n, Scalar{0});
  bracket_g_[1].assign(n, Scalar{0});
}

double StrongWolfeLineSearch::Evaluate(const Objective& objective, std::span<const Scalar> x0,
                                       std::span<const Scalar> d, double t,
                                       std::span<Scalar> params, std::vector<Scalar>& g) {
  MapArray(params) = MapArray(x0) + static_cast<Scalar>(t) * MapArray(d);
  return objective(params, g);
}

LineSearchResult StrongWolfeLineSearch::Search(const Objective& objective,
                                               std::span<const Scalar> x0,
                                               std::span<const Scalar> d, double t, double f,
                                               double gtd, std::span<Scalar> grad,
                                               std::span<Scalar> params,
                                               const StrongWolfeOptions& options) {
  assert(g_new_.size() == x0.size());
  const double c1 = options.c1, c2 = options.c2;
  const int max_ls = options.max_evaluations;
  const double d_norm = static_cast<double>(MapArray(d).abs().maxCoeff());

  double f_new = Evaluate(objective, x0, d, t, params, g_new_);
  int evals = 1;
  double gtd_new = Dot(g_new_, d);

  // Bracketing phase: grow t until [t_prev, t] contains acceptable points or t is acceptable.
  double t_prev = 0.0, f_prev = f, gtd_prev = gtd;
  std::copy(grad.begin(), grad.end(), g_prev_.begin());
  double bt[2] = {0.0, 0.0}, bf[2] = {0.0, 0.0}, bgtd[2] = {0.0, 0.0};
  bool done = false;
  bool single = false;  // the bracket is one acceptable point (index 0)
  int ls_iter = 0;
  auto set_pair = [&](double ta, double fa, double gtda, const std::vector<Scalar>& ga, double tb,
                      double fb, double gtdb, const std::vector<Scalar>& gb) {
    bt[0] = ta, bf[0] = fa, bgtd[0] = gtda, bracket_g_[0] = ga;
    bt[1] = tb, bf[1] = fb, bgtd[1] = gtdb, bracket_g_[1] = gb;
  };
  while (ls_iter < max_ls) {
    if (f_new > f + c1 * t * gtd || (ls_iter > 1 && f_new >= f_prev)) {
      set_pair(t_prev, f_prev, gtd_prev, g_prev_, t, f_new, gtd_new, g_new_);
      break;
    }
    if (std::abs(gtd_new) <= -c2 * gtd) {
      bt[0] = t, bf[0] = f_new, bgtd[0] = gtd_new, bracket_g_[0] = g_new_;
      single = done = true;
      break;
    }
    if (gtd_new >= 0.0) {
      set_pair(t_prev, f_prev, gtd_prev, g_prev_, t, f_new, gtd_new, g_new_);
      break;
    }
    // Extrapolate: the cubic's minimiser within [t + 0.01·(t − t_prev), 10·t].
    const double min_step = t + 0.01 * (t - t_prev);
    const double max_step = t * 10.0;
    const double t_old = t;
    t = CubicInterpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, min_step, max_step);
    t_prev = t_old;
    f_prev = f_new;
    std::swap(g_prev_, g_new_);
    gtd_prev = gtd_new;
    f_new = Evaluate(objective, x0, d, t, params, g_new_);
    ++evals;
    gtd_new = Dot(g_new_, d);
    ++ls_iter;
  }
  if (ls_iter == max_ls) {
    // Budget exhausted while bracketing: choose between the start and the last trial.
    bt[0] = 0.0, bf[0] = f, bracket_g_[0].assign(grad.begin(), grad.end());
    bt[1] = t, bf[1] = f_new, bracket_g_[1] = g_new_;
  }

  // Zoom phase: shrink the bracket [low, high] until a point satisfies the strong Wolfe conditions.
  bool insufficient_progress = false;
  int low = (single || bf[0] <= bf[1]) ? 0 : 1;
  int high = 1 - low;
  while (!done && ls_iter < max_ls) {
    if (std::abs(bt[1] - bt[0]) * d_norm < options.tolerance_change) break;
    const double lo = std::min(bt[0], bt[1]), hi = std::max(bt[0], bt[1]);
    t = CubicInterpolate(bt[0], bf[0], bgtd[0], bt[1], bf[1], bgtd[1], lo, hi);
    t = KeepAwayFromEnds(t, lo, hi, &insufficient_progress);
    f_new = Evaluate(objective, x0, d, t, params, g_new_);
    ++evals;
    gtd_new = Dot(g_new_, d);
    ++ls_iter;
    if (f_new > f + c1 * t * gtd || f_new >= bf[low]) {
      bt[high] = t, bf[high] = f_new, bgtd[high] = gtd_new, bracket_g_[high] = g_new_;
      low = bf[0] <= bf[1] ? 0 : 1;
      high = 1 - low;
    } else {
      if (std::abs(gtd_new) <= -c2 * gtd) {
        done = true;
      } else if (gtd_new * (bt[high] - bt[low]) >= 0.0) {
        bt[high] = bt[low], bf[high] = bf[low], bgtd[high] = bgtd[low];
        bracket_g_[high] = bracket_g_[low];
      }
      bt[low] = t, bf[low] = f_new, bgtd[low] = gtd_new, bracket_g_[low] = g_new_;
    }
  }

  std::copy(bracket_g_[low].begin(), bracket_g_[low].end(), grad.begin());
  MapArray(params) = MapArray(x0) + static_cast<Scalar>(bt[low]) * MapArray(d);
  return {bt[low], bf[low], evals};
}

}  // namespace optiscope
