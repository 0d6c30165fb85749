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

Status FeatureSelector::Fit(const Mat& X, const Vec& y, TaskKind task) {
  num_inputs_ = static_cast<int>(X.cols());
  const int d = num_inputs_;
  const int k = std::clamp(options_.k, 1, std::max(d, 1));
  const std::string& method = options_.method;
  selected_.clear();
  if (method == "none") {
    scores_.assign(d, 0.0);
    selected_.resize(d);
    std::iota(selected_.begin(), selected_.end(), 0);
    return Status::Ok();
  }
  if (method == "variance") {
    scores_ = VarianceScores(X);
    for (int j = 0; j < d; ++j) {
      if (scores_[j] > options_.threshold) selected_.push_back(j);
    }
    if (selected_.empty()) {
      return Status::InvalidArgument("features.select.threshold: no column has a variance above " +
                                     std::to_string(options_.threshold));
    }
    return Status::Ok();
  }
  if (method == "kbest") {
    Result<std::vector<double>> scores = std::vector<double>();
    if (task == TaskKind::kRegression && options_.score != "anova") {
      return Status::InvalidArgument("features.select.score: \"" + options_.score +
                                     "\" needs a classification target (use anova)");
    }
    if (options_.score == "anova" && task == TaskKind::kRegression) {
      // f_regression: F = r^2 / (1 - r^2) * (n - 2).
      const Eigen::MatrixXd z = Standardized(X);
      Eigen::VectorXd t = y.cast<double>();
      t.array() -= t.mean();
      const double tn = t.norm();
      std::vector<double> f(d);
      for (int j = 0; j < d; ++j) {
        const double zn = z.col(j).norm();
        const double r = zn > 0 && tn > 0 ? z.col(j).dot(t) / (zn * tn) : 0.0;
        f[j] = r * r / std::max(1e-300, 1 - r * r) * (X.rows() - 2);
      }
      scores = f;
    } else if (options_.score == "anova") {
      scores = AnovaFScores(X, y);
    } else if (options_.score == "chi2") {
      scores = Chi2Scores(X, y);
    } else if (options_.score == "mutual_info") {
      scores = MutualInfoScores(X, y, 3, options_.seed);
    } else {
      return Status::InvalidArgument("features.select.score: \"" + options_.score +
                                     "\" is not one of anova, chi2, mutual_info");
    }
    if (!scores.ok()) return Status::InvalidArgument("features.select: " + scores.status().message());
    scores_ = *scores;
    const std::vector<int> order = RankByScore(scores_);
    selected_.assign(order.begin(), order.begin() + k);
    std::sort(selected_.begin(), selected_.end());
    return Status::Ok();
  }
  if (method == "rfe") {
    if (options_.estimator != "linear" && options_.estimator != "tree") {
      return Status::InvalidArgument("features.select.estimator: \"" + options_.estimator +
                                     "\" is not one of linear, tree");
    }
    std::vector<int> alive(d);
    std::iota(alive.begin(), alive.end(), 0);
    scores_.assign(d, 0.0);
    const Eigen::MatrixXd T = TargetMatrix(y, task);
    int round = 0;
    while (true) {
      std::vector<double> importance;
      const Mat sub = Columns(X, alive);
      if (options_.estimator == "linear") {
        importance = LinearImportance(Standardized(sub), T);
      } else {
        auto tree = TreeImportance(sub, y, task, options_.seed);
        if (!tree.ok()) return tree.status();
        importance = *tree;
      }
      const double total = std::accumulate(importance.begin(), importance.end(), 0.0);
      for (size_t a = 0; a < alive.size(); ++a) {
        scores_[alive[a]] = round + (total > 0 ? importance[a] / total : 0.0);
      }
      if (static_cast<int>(alive.size()) <= k) break;
      // Drop the least important feature (one per round, scikit-learn's step=1).
      const size_t worst = static_cast<size_t>(
          std::min_element(importance.begin(), importance.end()) - importance.begin());
      alive.erase(alive.begin() + static_cast<long>(worst));
      ++round;
    }
    selected_ = alive;
    return Status::Ok();
  }
  if (method == "l1") {
    if (!(options_.alpha > 0)) return Status::InvalidArgument("features.select.alpha: must be > 0");
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
          const double updated =
              std::copysign(std::max(std::abs(rho) - options_.alpha, 0.0), rho) / col_sq[j];
          if (updated != old) {
            residual.col(o) -= (updated - old) * Z.col(j);
            coef(j, o) = updated;
            change = std::max(change, std::abs(updated - old));
          }
        }
      }
      if (change < 1e-6) break;
    }
    scores_.resize(d);
    for (int j = 0; j < d; ++j) {
      scores_[j] = coef.row(j).cwiseAbs().sum();
      if (scores_[j] > 1e-10) selected_.push_back(j);
    }
    if (selected_.empty()) {
      return Status::InvalidArgument("features.select.alpha: " + std::to_string(options_.alpha) +
                                     " removes every feature; use a smaller alpha");
    }
    return Status::Ok();
  }
  return Status::InvalidArgument("features.select.method: \"" + method +
                                 "\" is not one of none, variance, kbest, rfe, l1");
}

Mat FeatureSelector::Transform(const Mat& X) const { return Columns(X, selected_); }

}  // namespace optiscope
