#include "engine/search/cmaes_sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <Eigen/Eigenvalues>

#include "engine/search/param_transform.h"

namespace optiscope {

ParamSet CmaEsSampler::Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                              Direction direction, Rng& rng) {
  std::vector<const ParamSpec*> specs;
  for (const ParamSpec& p : space.params()) {
    if (p.parent_index < 0 && !p.IsCategorical()) specs.push_back(&p);
  }
  std::vector<const FrozenTrial*> trials;
  for (const FrozenTrial* t : TrialsInSpace(space, history)) {
    if (t->IsComplete() && std::isfinite(t->values[0])) trials.push_back(t);
  }
  if (specs.empty() || static_cast<int>(trials.size()) < options_.n_startup_trials) {
    return RandomParams(space, rng);
  }
  std::stable_sort(trials.begin(), trials.end(),
                   [](const FrozenTrial* a, const FrozenTrial* b) { return a->number < b->number; });

  const int n = static_cast<int>(specs.size());
  const int lambda = options_.population_size > 0
                         ? std::max(2, options_.population_size)
                         : 4 + static_cast<int>(std::floor(3 * std::log(static_cast<double>(n))));
  const int mu = lambda / 2;
  Eigen::VectorXd w(mu);
  for (int i = 0; i < mu; ++i) w[i] = std::log((lambda + 1) / 2.0) - std::log(i + 1.0);
  w /= w.sum();
  const double mu_eff = 1.0 / w.squaredNorm();
  const double cs = (mu_eff + 2) / (n + mu_eff + 5);
  const double ds = 1 + 2 * std::max(0.0, std::sqrt((mu_eff - 1) / (n + 1)) - 1) + cs;
  const double cc = (4 + mu_eff / n) / (n + 4 + 2 * mu_eff / n);
  const double c1 = 2 / ((n + 1.3) * (n + 1.3) + mu_eff);
  const double cmu = std::min(1 - c1, 2 * (mu_eff - 2 + 1 / mu_eff) / ((n + 2.0) * (n + 2.0) + mu_eff));
  const double chi_n = std::sqrt(static_cast<double>(n)) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
  const double max_len = std::sqrt(static_cast<double>(n)) + 2.0 * n / (n + 2.0);

  Eigen::VectorXd m = Eigen::VectorXd::Constant(n, 0.5);
  double sigma = options_.sigma0;
  Eigen::MatrixXd C = Eigen::MatrixXd::Identity(n, n);
  Eigen::MatrixXd B = C;
  Eigen::VectorXd D = Eigen::VectorXd::Ones(n);
  Eigen::VectorXd ps = Eigen::VectorXd::Zero(n), pc = Eigen::VectorXd::Zero(n);
  const int generations = static_cast<int>(trials.size()) / lambda;
  for (int g = 0; g < generations; ++g) {
    std::vector<std::pair<double, Eigen::VectorXd>> pop;
    const Eigen::MatrixXd inv_sqrt = B * D.cwiseInverse().asDiagonal() * B.transpose();
    for (int k = 0; k < lambda; ++k) {
      const FrozenTrial* t = trials[g * lambda + k];
      Eigen::VectorXd x(n);
      for (int j = 0; j < n; ++j) x[j] = ToUnit(*specs[j], t->params.at(specs[j]->name));
      Eigen::VectorXd y = (x - m) / sigma;
      const double len = (inv_sqrt * y).norm();
      if (len > max_len) y *= max_len / len;
      pop.emplace_back(AsLoss(t->values[0], direction), y);
    }
    std::stable_sort(pop.begin(), pop.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    Eigen::VectorXd yw = Eigen::VectorXd::Zero(n);
    for (int i = 0; i < mu; ++i) yw += w[i] * pop[i].second;
    m += sigma * yw;
    ps = (1 - cs) * ps + std::sqrt(cs * (2 - cs) * mu_eff) * (inv_sqrt * yw);
    const double hs_lhs = ps.norm() / std::sqrt(1 - std::pow(1 - cs, 2.0 * (g + 1)));
    const double hs = hs_lhs < (1.4 + 2.0 / (n + 1)) * chi_n ? 1.0 : 0.0;
    pc = (1 - cc) * pc + hs * std::sqrt(cc * (2 - cc) * mu_eff) * yw;
    Eigen::MatrixXd rank_mu = Eigen::MatrixXd::Zero(n, n);
    for (int i = 0; i < mu; ++i) rank_mu += w[i] * pop[i].second * pop[i].second.transpose();
    const double delta = (1 - hs) * cc * (2 - cc);
    C = (1 + c1 * delta - c1 - cmu) * C + c1 * pc * pc.transpose() + cmu * rank_mu;
    C = 0.5 * (C + C.transpose());
    sigma *= std::exp((cs / ds) * (ps.norm() / chi_n - 1));
    sigma = std::clamp(sigma, 1e-12, 1.0);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(C);
    B = eig.eigenvectors();
    D = eig.eigenvalues().cwiseMax(1e-20).cwiseSqrt();
  }

  Eigen::VectorXd z(n);
  for (int j = 0; j < n; ++j) z[j] = rng.Normal();
  const Eigen::VectorXd x = m + sigma * (B * D.asDiagonal() * z);
  ParamSet out;
  for (int j = 0; j < n; ++j) out[specs[j]->name] = FromUnit(*specs[j], std::clamp(x[j], 0.0, 1.0));
  for (int i = 0; i < space.size(); ++i) {
    const ParamSpec& p = space.params()[i];
    if (out.count(p.name) || !space.IsActive(i, out)) continue;
    out[p.name] = RandomValue(p, rng);
  }
  return out;
}

}  // namespace optiscope
