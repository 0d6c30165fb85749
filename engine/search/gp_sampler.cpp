#include "engine/search/gp_sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/search/param_transform.h"
#include "engine/search/sobol_sampler.h"

namespace optiscope {
namespace {

// Where candidates are drawn and refined: [lo, hi] per continuous dimension of the unit cube
// (the whole cube, or a trust region); categorical dimensions range over every index unless
// keeps_categories (then lo = hi = the centre's index).
struct Box {
  Eigen::VectorXd lo, hi;
  bool keeps_categories = false;
};

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

// `m` legal candidate points in the box [lo, hi]: a Sobol set with a random digital shift (XOR;
// uniform draws beyond the Sobol dimensions) scaled into the box, categories as indices (a
// trust region keeps the categories of its centre).
Eigen::MatrixXd Candidates(const std::vector<const ParamSpec*>& specs,
                           const std::vector<bool>& categorical, const Box& box, int m, Rng& rng) {
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
      if (categorical[j]) {
        C(i, j) = box.keeps_categories ? box.lo[j]
                                       : std::min(std::floor(uj * specs[j]->NumChoices()),
                                                    specs[j]->NumChoices() - 1.0);
      } else {
        C(i, j) = box.lo[j] + uj * (box.hi[j] - box.lo[j]);
      }
    }
    Legalize(specs, &C(i, 0));
  }
  return C;
}

// `count` legal points of the box near the best observed points (rows of `X` by descending `y`,
// the top `kIncumbents`, clipped to the box): each one either resamples a single coordinate of an incumbent uniformly
// over the box (switching one parameter to another basin, which a space-filling set of 2,048
// points in d dimensions rarely proposes next to the incumbent) or moves every continuous
// coordinate by N(0, (0.05 w)^2), w the box's width there. Optuna's GPSampler likewise starts
// its acquisition search from its best trials.
Eigen::MatrixXd IncumbentCandidates(const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                                    const std::vector<const ParamSpec*>& specs,
                                    const std::vector<bool>& categorical, const Box& box,
                                    int count, Rng& rng) {
  constexpr int kIncumbents = 5;
  const int n = static_cast<int>(X.rows()), d = static_cast<int>(X.cols());
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  const int top = std::min(n, kIncumbents);
  std::partial_sort(order.begin(), order.begin() + top, order.end(),
                    [&](int a, int b) { return y[a] > y[b]; });
  Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> C(count, d);
  for (int i = 0; i < count; ++i) {
    for (int j = 0; j < d; ++j) {
      C(i, j) = X(order[i % top], j);
      if (!categorical[j]) C(i, j) = std::clamp(C(i, j), box.lo[j], box.hi[j]);
    }
    if (rng.Uniform() < 0.5) {
      const int j = static_cast<int>(rng.UniformInt(static_cast<uint64_t>(d)));
      if (categorical[j]) {
        C(i, j) = box.keeps_categories
                      ? box.lo[j]
                      : static_cast<double>(rng.UniformInt(specs[j]->NumChoices()));
      } else {
        C(i, j) = box.lo[j] + rng.Uniform() * (box.hi[j] - box.lo[j]);
      }
    } else {
      for (int j = 0; j < d; ++j) {
        if (!categorical[j]) {
          C(i, j) = std::clamp(C(i, j) + 0.05 * (box.hi[j] - box.lo[j]) * rng.Normal(), box.lo[j],
                               box.hi[j]);
        }
      }
    }
    Legalize(specs, &C(i, 0));
  }
  return C;
}

}  // namespace

namespace {

// The unconditional parameters of `space`, in order: the GP's input dimensions.
std::vector<const ParamSpec*> UnconditionalSpecs(const SearchSpace& space) {
  std::vector<const ParamSpec*> specs;
  for (const ParamSpec& p : space.params()) {
    if (p.parent_index < 0) specs.push_back(&p);
  }
  return specs;
}

}  // namespace

ParamSet GpSampler::Sample(const SearchSpace& space, std::span<const FrozenTrial> history,
                           Direction direction, Rng& rng) {
  std::vector<const FrozenTrial*> trials;
  for (const FrozenTrial* t : TrialsInSpace(space, history)) {
    if (t->IsComplete() && std::isfinite(t->values[0])) trials.push_back(t);
  }
  const std::vector<const ParamSpec*> specs = UnconditionalSpecs(space);
  if (static_cast<int>(trials.size()) < std::max(1, options_.n_startup_trials) || specs.empty()) {
    return RandomParams(space, rng);
  }
  std::stable_sort(trials.begin(), trials.end(),
                   [](const FrozenTrial* a, const FrozenTrial* b) { return a->number < b->number; });
  if (static_cast<int>(trials.size()) > options_.max_history) {
    trials.erase(trials.begin(), trials.end() - options_.max_history);
  }
  return Propose(space, trials, direction, nullptr, rng);
}

ParamSet GpSampler::SampleInRegion(const SearchSpace& space,
                                   std::span<const FrozenTrial* const> trials,
                                   Direction direction, const GpRegion& region, Rng& rng) {
  std::vector<const FrozenTrial*> fit(trials.begin(), trials.end());
  std::stable_sort(fit.begin(), fit.end(),
                   [](const FrozenTrial* a, const FrozenTrial* b) { return a->number < b->number; });
  if (fit.empty() || UnconditionalSpecs(space).empty()) return RandomParams(space, rng);
  return Propose(space, fit, direction, &region, rng);
}

ParamSet GpSampler::Propose(const SearchSpace& space, const std::vector<const FrozenTrial*>& trials,
                            Direction direction, const GpRegion* region, Rng& rng) {
  const std::vector<const ParamSpec*> specs = UnconditionalSpecs(space);
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

  Box box;
  box.lo = Eigen::VectorXd::Zero(d);
  box.hi = Eigen::VectorXd::Ones(d);
  for (int j = 0; j < d; ++j) {
    if (categorical[j]) box.hi[j] = specs[j]->NumChoices() - 1.0;
  }
  if (region != nullptr) {
    // TuRBO's box: side region->length, stretched per dimension by the fitted lengthscale over
    // their geometric mean (Eriksson et al. 2019, sec. 3), centred on region->center, clipped to
    // the cube. Categorical dimensions keep the centre's index.
    box.keeps_categories = true;
    Eigen::VectorXd lengthscale = gp.params().inv_sq_lengthscales.array().rsqrt();
    double log_mean = 0.0;
    int continuous = 0;
    for (int j = 0; j < d; ++j) {
      if (!categorical[j]) log_mean += std::log(lengthscale[j]), ++continuous;
    }
    log_mean /= std::max(1, continuous);
    for (int j = 0; j < d; ++j) {
      const double c = region->center[j];
      if (categorical[j]) {
        box.lo[j] = box.hi[j] = c;
        continue;
      }
      const double half = 0.5 * region->length * std::exp(std::log(lengthscale[j]) - log_mean);
      box.lo[j] = std::clamp(c - half, 0.0, 1.0);
      box.hi[j] = std::clamp(c + half, 0.0, 1.0);
    }
  }
  last_box_lo_ = box.lo;
  last_box_hi_ = box.hi;

  const int sobol = std::max(1, options_.n_candidates);
  const int near = options_.n_incumbent_candidates;
  const int m = sobol + near;
  Eigen::MatrixXd Ct(m, d);
  Ct.topRows(sobol) = Candidates(specs, categorical, box, sobol, rng);
  if (near > 0) {
    Ct.bottomRows(near) = IncumbentCandidates(X, y, specs, categorical, box, near, rng);
  }
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
  // Local search: Gaussian moves with a shrinking radius (relative to the box's width) around
  // each of the k best candidates.
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
            if (!box.keeps_categories && rng.Uniform() < 1.0 / d) {
              v = static_cast<double>(rng.UniformInt(specs[j]->NumChoices()));
            }
          } else {
            v = std::clamp(v + radius * (box.hi[j] - box.lo[j]) * rng.Normal(), box.lo[j],
                           box.hi[j]);
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
