#include "engine/search/gp_sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/search/param_transform.h"
#include "engine/search/sobol_sampler.h"

namespace optiscope {
namespace {

// Snaps a unit-cube point to legal values (discrete grids, category indices).
void Legalize(const std::vector<const ParamSpec*>& specs, double* x) {
  for (size_t i = 0; i < specs.size(); ++i) {
    const ParamSpec& p = *specs[i];
    if (p.IsCategorical()) {
      x[i] = std::clamp(std::round(x[i]), 0.0, static_cast<double>(p.NumChoices() - 1));
    } else {
      x[i] = ToUnit(p, FromUnit(p, x[i]));
    }
  }
}

// The GP's training points: the trials' parameters in the unit cube (categories as indices) and
// their standardized values, negated as losses (the GP maximises).
void TrainingPoints(const std::vector<const FrozenTrial*>& trials,
                    const std::vector<const ParamSpec*>& specs,
                    const std::vector<bool>& categorical, Direction direction, Eigen::MatrixXd* X,
                    Eigen::VectorXd* y) {
  for (size_t i = 0; i < trials.size(); ++i) {
    for (size_t j = 0; j < specs.size(); ++j) {
      const double v = trials[i]->params.at(specs[j]->name);
      (*X)(i, j) = categorical[j] ? v : ToUnit(*specs[j], v);
    }
    (*y)[i] = -AsLoss(trials[i]->values[0], direction);
  }
  const double mean = y->mean();
  const double sd = std::sqrt((y->array() - mean).square().mean());
  *y = (y->array() - mean) / std::max(sd, 1e-10);
}

// `m` legal candidate points: a Sobol set with a random digital shift (XOR; uniform draws
// beyond the Sobol dimensions), categories as indices.
Eigen::MatrixXd Candidates(const std::vector<const ParamSpec*>& specs,
                           const std::vector<bool>& categorical, int m, Rng& rng) {
  const int d = static_cast<int>(specs.size());
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> C(m, d);
  std::vector<uint32_t> shift(d);
  for (int j = 0; j < d; ++j) shift[j] = static_cast<uint32_t>(rng.NextU64() >> 32);
  for (int i = 0; i < m; ++i) {
    const std::vector<double> u = SobolSampler::Point(i, std::min(d, SobolSampler::kMaxDims));
    for (int j = 0; j < d; ++j) {
      double uj;
      if (j < SobolSampler::kMaxDims) {
        uj = static_cast<double>(static_cast<uint32_t>(u[j] * 4294967296.0) ^ shift[j]) /
             4294967296.0;
      } else {
        uj = rng.Uniform();
      }
      C(i, j) = categorical[j] ? std::min(std::floor(uj * specs[j]->NumChoices()),
                                          specs[j]->NumChoices() - 1.0)
                               : uj;
    }
    Legalize(specs, &C(i, 0));
  }
  return C;
}

// `count` legal points near the best observed points (rows of `X` by descending `y`, the top
// `kIncumbents`): each one either resamples a single coordinate of an incumbent uniformly
// (switching one parameter to another basin, which a space-filling set of 2,048 points in d
// dimensions rarely proposes next to the incumbent) or moves every continuous coordinate by
// N(0, 0.05^2). Optuna's GPSampler likewise starts its acquisition search from its best trials.
Eigen::MatrixXd IncumbentCandidates(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                    const std::vector<const ParamSpec*>& specs,
                                    const std::vector<bool>& categorical, int count, Rng& rng) {
  constexpr int kIncumbents = 5;
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  const int top = std::min(n, kIncumbents);
  std::partial_sort(order.begin(), order.begin() + top, order.end(),
                    [&](int a, int b) { return y[a] > y[b]; });
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> C(count, d);
  for (int i = 0; i < count; ++i) {
    for (int j = 0; j < d; ++j) C(i, j) = X(order[i % top], j);
    if (rng.Uniform() < 0.5) {
      const int j = static_cast<int>(rng.UniformInt(static_cast<uint64_t>(d)));
      C(i, j) = categorical[j] ? static_cast<double>(rng.UniformInt(specs[j]->NumChoices()))
                               : rng.Uniform();
    } else {
      for (int j = 0; j < d; ++j) {
        if (!categorical[j]) C(i, j) = std::clamp(C(i, j) + 0.05 * rng.Normal(), 0.0, 1.0);
      }
    }
    Legalize(specs, &C(i, 0));
  }
  return C;
}

}  // namespace

ParamSet GpSampler::Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                           Direction direction, Rng& rng) {
  std::vector<const FrozenTrial*> trials;
  for (const FrozenTrial* t : TrialsInSpace(space, history)) {
    if (t->IsComplete() && std::isfinite(t->values[0])) trials.push_back(t);
  }
  std::vector<const ParamSpec*> specs;
  for (const ParamSpec& p : space.params()) {
    if (p.parent_index < 0) specs.push_back(&p);
  }
  if (static_cast<int>(trials.size()) < std::max(1, options_.n_startup_trials) || specs.empty()) {
    return RandomParams(space, rng);
  }
  std::stable_sort(trials.begin(), trials.end(),
                   [](const FrozenTrial* a, const FrozenTrial* b) { return a->number < b->number; });
  if (static_cast<int>(trials.size()) > options_.max_history) {
    trials.erase(trials.begin(), trials.end() - options_.max_history);
  }
  const int n = static_cast<int>(trials.size()), d = static_cast<int>(specs.size());
  std::vector<bool> categorical(d);
  for (int j = 0; j < d; ++j) categorical[j] = specs[j]->IsCategorical();
  Eigen::MatrixXd X(n, d);
  Eigen::VectorXd y(n);
  TrainingPoints(trials, specs, categorical, direction, &X, &y);

  GaussianProcess gp;
  gp.Fit(X, y, categorical, warm_ ? &*warm_ : nullptr, options_.n_restarts, rng);
  warm_ = gp.params();
  const double best = y.maxCoeff();

  const int sobol = std::max(1, options_.n_candidates);
  const int near = options_.n_incumbent_candidates;
  const int m = sobol + near;
  Eigen::MatrixXd Ct(m, d);
  Ct.topRows(sobol) = Candidates(specs, categorical, sobol, rng);
  if (near > 0) Ct.bottomRows(near) = IncumbentCandidates(X, y, specs, categorical, near, rng);
  auto score = [&](const Eigen::MatrixXd& points, std::vector<double>* out) {
    Eigen::VectorXd mu, var;
    gp.Predict(points, &mu, &var);
    out->resize(points.rows());
    for (Eigen::Index i = 0; i < points.rows(); ++i) {
      (*out)[i] = LogExpectedImprovement(mu[i], var[i], best);
    }
  };
  std::vector<double> scores;
  score(Ct, &scores);
  std::vector<int> order(m);
  std::iota(order.begin(), order.end(), 0);
  const int k = std::min(m, std::max(1, options_.n_local_search));
  std::partial_sort(order.begin(), order.begin() + k, order.end(),
                    [&](int a, int b) { return scores[a] > scores[b]; });

  Eigen::VectorXd best_x = Ct.row(order[0]).transpose();
  double best_score = scores[order[0]];
  // Local search: Gaussian moves with a shrinking radius around each of the k best candidates.
  const int kMoves = 16, kRounds = 8;
  for (int s = 0; s < k && options_.n_local_search > 0; ++s) {
    Eigen::VectorXd x = Ct.row(order[s]).transpose();
    double fx = scores[order[s]];
    double radius = 0.1;
    for (int round = 0; round < kRounds; ++round, radius *= 0.5) {
      Eigen::MatrixXd P(kMoves, d);
      for (int q = 0; q < kMoves; ++q) {
        for (int j = 0; j < d; ++j) {
          double v = x[j];
          if (categorical[j]) {
            if (rng.Uniform() < 1.0 / d) v = static_cast<double>(rng.UniformInt(specs[j]->NumChoices()));
          } else {
            v = std::clamp(v + radius * rng.Normal(), 0.0, 1.0);
          }
          P(q, j) = v;
        }
        Eigen::VectorXd row = P.row(q).transpose();
        Legalize(specs, row.data());
        P.row(q) = row.transpose();
      }
      std::vector<double> ps;
      score(P, &ps);
      for (int q = 0; q < kMoves; ++q) {
        if (ps[q] > fx) {
          fx = ps[q];
          x = P.row(q).transpose();
        }
      }
    }
    if (fx > best_score) {
      best_score = fx;
      best_x = x;
    }
  }

  ParamSet out;
  for (int j = 0; j < d; ++j) {
    out[specs[j]->name] = categorical[j] ? specs[j]->Snap(best_x[j]) : FromUnit(*specs[j], best_x[j]);
  }
  for (int i = 0; i < space.size(); ++i) {
    const ParamSpec& p = space.params()[i];
    if (p.parent_index >= 0 && space.IsActive(i, out)) out[p.name] = RandomValue(p, rng);
  }
  return out;
}

}  // namespace optiscope
