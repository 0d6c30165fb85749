#include "engine/features/feature_selector.h"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/features/univariate_scores.h"
#include "engine/models/classic/decision_tree.h"

namespace optiscope {
namespace {

// Targets as a matrix: one-hot (classification) or the centred value (regression).
Eigen::MatrixXd TargetMatrix(const Vec& y, TaskKind task) {
  if (task == TaskKind::kRegression) {
    Eigen::MatrixXd t = y.cast<double>();
    t.array() -= t.mean();
    return t;
  }
  const int k = static_cast<int>(y.maxCoeff()) + 1;
  Eigen::MatrixXd t = Eigen::MatrixXd::Zero(y.size(), k);
  for (Eigen::Index i = 0; i < y.size(); ++i) t(i, static_cast<int>(y[i])) = 1.0;
  t.rowwise() -= t.colwise().mean();
  return t;
}

// Standardized copy (population std; constant columns scale 1).
Eigen::MatrixXd Standardized(const Mat& X) {
  Eigen::MatrixXd z = X.cast<double>();
  z.rowwise() -= z.colwise().mean();
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    const double sd = std::sqrt(z.col(j).squaredNorm() / std::max<Eigen::Index>(1, z.rows()));
    if (sd > 0) z.col(j) /= sd;
  }
  return z;
}

// Sum over outputs of |ridge coefficient| on standardized columns (ridge 1e-3 n for stability).
std::vector<double> LinearImportance(const Eigen::MatrixXd& Z, const Eigen::MatrixXd& T) {
  Eigen::MatrixXd gram = Z.transpose() * Z;
  gram.diagonal().array() += 1e-3 * static_cast<double>(Z.rows());
  const Eigen::MatrixXd coef = gram.ldlt().solve(Z.transpose() * T);
  std::vector<double> out(Z.cols());
  for (Eigen::Index j = 0; j < Z.cols(); ++j) out[j] = coef.row(j).cwiseAbs().sum();
  return out;
}

Result<std::vector<double>> TreeImportance(const Mat& X, const Vec& y, TaskKind task,
                                           uint64_t seed) {
  DecisionTreeOptions options;
  options.seed = seed;
  options.max_depth = 8;
  DecisionTree tree(options);
  const int classes = task == TaskKind::kClassification ? static_cast<int>(y.maxCoeff()) + 1 : 0;
  OPTISCOPE_RETURN_IF_ERROR(tree.Fit(X, y, task, classes));
  return tree.feature_importances();
}

Mat Columns(const Mat& X, const std::vector<int>& cols) {
  Mat out(X.rows(), static_cast<Eigen::Index>(cols.size()));
  for (size_t c = 0; c < cols.size(); ++c) out.col(c) = X.col(cols[c]);
  return out;
}

}  // namespace

std::vector<int> RankByScore(const std::vector<double>& scores) {
  std::vector<int> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const bool na = std::isnan(scores[a]), nb = std::isnan(scores[b]);
    if (na != nb) return nb;
    if (na) return false;
    return scores[a] > scores[b];
  });
  return order;
}

namespace {

// What one selection method found: a score per input column and the columns kept (ascending).
struct Selection {
  std::vector<double> scores;
  std::vector<int> selected;
};

// f_regression: F = r^2 / (1 - r^2) * (n - 2) per column.
std::vector<double> RegressionFScores(const Mat& X, const Vec& y) {
  const Eigen::MatrixXd z = Standardized(X);
  Eigen::VectorXd t = y.cast<double>();
  t.array() -= t.mean();
  const double tn = t.norm();
  std::vector<double> f(X.cols());
  for (Eigen::Index j = 0; j < X.cols(); ++j) {
    const double zn = z.col(j).norm();
    const double r = zn > 0 && tn > 0 ? z.col(j).dot(t) / (zn * tn) : 0.0;
    f[j] = r * r / std::max(1e-300, 1 - r * r) * (X.rows() - 2);
  }
  return f;
}

// kbest: the k best columns by the options' score.
Status SelectKBest(const Mat& X, const Vec& y, TaskKind task, const SelectorOptions& options,
                   int k, Selection* out) {
  Result<std::vector<double>> scores = std::vector<double>();
  if (task == TaskKind::kRegression && options.score != SelectScore::kAnova) {
    return Status::InvalidArgument("features.select.score: \"" + EnumName(options.score) +
                                   "\" needs a classification target (use anova)");
  }
  switch (options.score) {
    case SelectScore::kAnova:
      scores = task == TaskKind::kRegression ? RegressionFScores(X, y) : AnovaFScores(X, y);
      break;
    case SelectScore::kChi2:
      scores = Chi2Scores(X, y);
      break;
    case SelectScore::kMutualInfo:
      scores = MutualInfoScores(X, y, 3, options.seed);
      break;
  }
  if (!scores.ok()) return Status::InvalidArgument("features.select: " + scores.status().message());
  out->scores = *scores;
  const std::vector<int> order = RankByScore(out->scores);
  out->selected.assign(order.begin(), order.begin() + k);
  std::sort(out->selected.begin(), out->selected.end());
  return Status::Ok();
}

// rfe: recursive feature elimination (Guyon et al. 2002), one feature per round; a column's
// score is the round it survived to plus its share of the importance in that round.
Status SelectRfe(const Mat& X, const Vec& y, TaskKind task, const SelectorOptions& options, int k,
                 Selection* out) {
  std::vector<int> alive(X.cols());
  std::iota(alive.begin(), alive.end(), 0);
  out->scores.assign(X.cols(), 0.0);
  const Eigen::MatrixXd T = TargetMatrix(y, task);
  for (int round = 0;; ++round) {
    std::vector<double> importance;
    const Mat sub = Columns(X, alive);
    if (options.estimator == RfeEstimator::kLinear) {
      importance = LinearImportance(Standardized(sub), T);
    } else {
      auto tree = TreeImportance(sub, y, task, options.seed);
      if (!tree.ok()) return tree.status();
      importance = *tree;
    }
    const double total = std::accumulate(importance.begin(), importance.end(), 0.0);
    for (size_t a = 0; a < alive.size(); ++a) {
      out->scores[alive[a]] = round + (total > 0 ? importance[a] / total : 0.0);
    }
    if (static_cast<int>(alive.size()) <= k) break;
    // Drop the least important feature (one per round, scikit-learn's step=1).
    const size_t worst = static_cast<size_t>(
        std::min_element(importance.begin(), importance.end()) - importance.begin());
    alive.erase(alive.begin() + static_cast<long>(worst));
  }
  out->selected = alive;
  return Status::Ok();
}

// l1: the columns with a non-zero coefficient in an L1-penalised least-squares fit (Lasso by
// coordinate descent, Friedman et al. 2010) of the standardized columns to the target.
Status SelectL1(const Mat& X, const Vec& y, TaskKind task, double alpha, Selection* out) {
  if (!(alpha > 0)) return Status::InvalidArgument("features.select.alpha: must be > 0");
  const int d = static_cast<int>(X.cols());
  const Eigen::MatrixXd Z = Standardized(X);
  const Eigen::MatrixXd T = TargetMatrix(y, task);
  const double n = static_cast<double>(X.rows());
  Eigen::MatrixXd coef = Eigen::MatrixXd::Zero(d, T.cols());
  Eigen::MatrixXd residual = T;
  const Eigen::VectorXd col_sq = Z.colwise().squaredNorm().transpose() / n;
  for (int sweep = 0; sweep < 200; ++sweep) {
    double change = 0.0;
    for (int j = 0; j < d; ++j) {
      if (col_sq[j] <= 0) continue;
      for (Eigen::Index o = 0; o < T.cols(); ++o) {
        const double old = coef(j, o);
        const double rho = Z.col(j).dot(residual.col(o)) / n + col_sq[j] * old;
        const double updated = std::copysign(std::max(std::abs(rho) - alpha, 0.0), rho) / col_sq[j];
        if (updated != old) {
          residual.col(o) -= (updated - old) * Z.col(j);
          coef(j, o) = updated;
          change = std::max(change, std::abs(updated - old));
        }
      }
    }
    if (change < 1e-6) break;
  }
  out->scores.resize(d);
  for (int j = 0; j < d; ++j) {
    out->scores[j] = coef.row(j).cwiseAbs().sum();
    if (out->scores[j] > 1e-10) out->selected.push_back(j);
  }
  if (out->selected.empty()) {
    return Status::InvalidArgument("features.select.alpha: " + std::to_string(alpha) +
                                   " removes every feature; use a smaller alpha");
  }
  return Status::Ok();
}

}  // namespace

Status FeatureSelector::Fit(const Mat& X, const Vec& y, TaskKind task) {
  num_inputs_ = static_cast<int>(X.cols());
  const int d = num_inputs_;
  const int k = std::clamp(options_.k, 1, std::max(d, 1));
  selected_.clear();
  Selection found;
  Status status = Status::Ok();
  switch (options_.method) {
    case SelectMethod::kNone:
      found.scores.assign(d, 0.0);
      found.selected.resize(d);
      std::iota(found.selected.begin(), found.selected.end(), 0);
      break;
    case SelectMethod::kVariance:
      found.scores = VarianceScores(X);
      for (int j = 0; j < d; ++j) {
        if (found.scores[j] > options_.threshold) found.selected.push_back(j);
      }
      if (found.selected.empty()) {
        status =
            Status::InvalidArgument("features.select.threshold: no column has a variance above " +
                                    std::to_string(options_.threshold));
      }
      break;
    case SelectMethod::kKBest:
      status = SelectKBest(X, y, task, options_, k, &found);
      break;
    case SelectMethod::kRfe:
      status = SelectRfe(X, y, task, options_, k, &found);
      break;
    case SelectMethod::kL1:
      status = SelectL1(X, y, task, options_.alpha, &found);
      break;
  }
  // As before the split into methods: what a method computed stays visible after its error.
  scores_ = std::move(found.scores);
  selected_ = std::move(found.selected);
  return status;
}

Mat FeatureSelector::Transform(const Mat& X) const { return Columns(X, selected_); }

}  // namespace optiscope
