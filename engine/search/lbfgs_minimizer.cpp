#include "engine/search/lbfgs_minimizer.h"

#include <cmath>
#include <deque>
#include <limits>

namespace optiscope {

double LbfgsMinimize(const std::function<double(const Eigen::VectorXd&, Eigen::VectorXd*)>& f,
                     Eigen::VectorXd* x, const LbfgsMinimizerOptions& options) {
  const Eigen::Index n = x->size();
  Eigen::VectorXd g(n), g_new(n), x_new(n);
  double fx = f(*x, &g);
  if (!std::isfinite(fx)) return fx;
  std::deque<Eigen::VectorXd> s_list, y_list;
  std::deque<double> rho_list;
  for (int it = 0; it < options.max_iterations; ++it) {
    if (g.cwiseAbs().maxCoeff() < options.gradient_tolerance) break;
    // Two-loop recursion: d = -H g.
    Eigen::VectorXd q = g;
    std::vector<double> alpha(s_list.size());
    for (int i = static_cast<int>(s_list.size()) - 1; i >= 0; --i) {
      alpha[i] = rho_list[i] * s_list[i].dot(q);
      q -= alpha[i] * y_list[i];
    }
    if (!s_list.empty()) q *= s_list.back().dot(y_list.back()) / y_list.back().squaredNorm();
    for (size_t i = 0; i < s_list.size(); ++i) {
      const double beta = rho_list[i] * y_list[i].dot(q);
      q += s_list[i] * (alpha[i] - beta);
    }
    Eigen::VectorXd d = -q;
    double slope = g.dot(d);
    if (!(slope < 0)) {  // not a descent direction: fall back to steepest descent
      d = -g;
      slope = -g.squaredNorm();
      s_list.clear();
      y_list.clear();
      rho_list.clear();
    }
    double step = s_list.empty() ? std::min(1.0, 1.0 / std::max(1e-12, g.cwiseAbs().maxCoeff()))
                                 : 1.0;
    double f_new = std::numeric_limits<double>::infinity();
    bool accepted = false;
    for (int ls = 0; ls < 30; ++ls) {
      x_new = *x + step * d;
      f_new = f(x_new, &g_new);
      if (std::isfinite(f_new) && f_new <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const Eigen::VectorXd s = x_new - *x, y = g_new - g;
    const double sy = s.dot(y);
    const double decrease = fx - f_new;
    *x = x_new;
    g = g_new;
    const double f_old = fx;
    fx = f_new;
    if (sy > 1e-12) {
      s_list.push_back(s);
      y_list.push_back(y);
      rho_list.push_back(1.0 / sy);
      if (static_cast<int>(s_list.size()) > options.history) {
        s_list.pop_front();
        y_list.pop_front();
        rho_list.pop_front();
      }
    }
    if (decrease <= options.function_tolerance * std::max(1.0, std::fabs(f_old))) break;
  }
  return fx;
}

}  // namespace optiscope
