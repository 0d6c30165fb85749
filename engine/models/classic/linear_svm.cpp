#include "engine/models/classic/linear_svm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "engine/core/rng.h"
#include "engine/models/classic/json_state.h"

namespace optiscope {
namespace {

// Solves min_a 1/2 a'Qa - e'a + 1/2 a'Da, 0 <= a <= U, for labels y in {-1, +1} and returns
// w = sum a_i y_i x_i over the augmented rows of Z (bias column included).
VecD SolveDual(const MatD& Z, const std::vector<double>& y, const LinearSvmOptions& o, Rng& rng,
               std::stop_token stop, bool* cancelled) {
  const int n = static_cast<int>(Z.rows());
  const double diag = o.squared_hinge ? 0.5 / o.C : 0.0;
  const double upper = o.squared_hinge ? std::numeric_limits<double>::infinity() : o.C;
  VecD w = VecD::Zero(Z.cols());
  std::vector<double> alpha(n, 0.0), qd(n);
  for (int i = 0; i < n; ++i) qd[i] = Z.row(i).squaredNorm() + diag;
  std::vector<int> index(n);
  std::iota(index.begin(), index.end(), 0);
  int active = n;
  double pg_max_old = std::numeric_limits<double>::infinity();
  double pg_min_old = -std::numeric_limits<double>::infinity();
  for (int iter = 0; iter < o.max_iter; ++iter) {
    if (stop.stop_requested()) {
      *cancelled = true;
      return w;
    }
    double pg_max = -std::numeric_limits<double>::infinity();
    double pg_min = std::numeric_limits<double>::infinity();
    rng.Shuffle(std::span<int>(index.data(), active));
    for (int s = 0; s < active; ++s) {
      const int i = index[s];
      const double g = y[i] * Z.row(i).dot(w) - 1.0 + diag * alpha[i];
      double pg = 0.0;
      if (alpha[i] == 0.0) {
        if (g > pg_max_old) {  // shrink: stays at the lower bound
          --active;
          std::swap(index[s], index[active]);
          --s;
          continue;
        }
        if (g < 0.0) pg = g;
      } else if (alpha[i] == upper) {
        if (g < pg_min_old) {  // shrink: stays at the upper bound
          --active;
          std::swap(index[s], index[active]);
          --s;
          continue;
        }
        if (g > 0.0) pg = g;
      } else {
        pg = g;
      }
      pg_max = std::max(pg_max, pg);
      pg_min = std::min(pg_min, pg);
      if (std::abs(pg) > 1e-12) {
        const double old = alpha[i];
        alpha[i] = std::min(std::max(alpha[i] - g / qd[i], 0.0), upper);
        w += ((alpha[i] - old) * y[i]) * Z.row(i).transpose();
      }
    }
    if (pg_max - pg_min <= o.tol) {
      if (active == n) break;
      active = n;  // re-check every coordinate before stopping
      pg_max_old = std::numeric_limits<double>::infinity();
      pg_min_old = -std::numeric_limits<double>::infinity();
      continue;
    }
    pg_max_old = pg_max <= 0.0 ? std::numeric_limits<double>::infinity() : pg_max;
    pg_min_old = pg_min >= 0.0 ? -std::numeric_limits<double>::infinity() : pg_min;
  }
  return w;
}

}  // namespace

Status LinearSvm::Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
                      std::stop_token stop) {
  OPTISCOPE_RETURN_IF_ERROR(ValidateFitInputs(X, y, task, num_classes, Name()));
  if (task != TaskKind::kClassification) {
    return Status::InvalidArgument("linear_svm supports classification only");
  }
  if (!(options_.C > 0.0) || !(options_.tol > 0.0) || options_.max_iter < 1 ||
      !(options_.intercept_scaling > 0.0)) {
    return Status::InvalidArgument(
        "linear_svm needs C > 0, tol > 0, max_iter >= 1, intercept_scaling > 0");
  }
  num_classes_ = num_classes;
  num_features_ = static_cast<int>(X.cols());
  const int n = static_cast<int>(X.rows());
  const int d = static_cast<int>(X.cols());
  const int cols = d + (options_.fit_intercept ? 1 : 0);
  MatD Z(n, cols);
  Z.leftCols(d) = X.cast<double>();
  if (options_.fit_intercept) Z.col(d).setConstant(options_.intercept_scaling);
  const int problems = num_classes == 2 ? 1 : num_classes;
  w_.resize(problems, d);
  b_.resize(problems);
  std::vector<double> labels(n);
  for (int p = 0; p < problems; ++p) {
    const int positive = num_classes == 2 ? 1 : p;
    for (int i = 0; i < n; ++i) labels[i] = static_cast<int>(y[i]) == positive ? 1.0 : -1.0;
    Rng rng = Rng(options_.seed).Fork(p);
    bool cancelled = false;
    const VecD w = SolveDual(Z, labels, options_, rng, stop, &cancelled);
    if (cancelled) return Status::Cancelled();
    w_.row(p) = w.head(d).transpose();
    b_[p] = options_.fit_intercept ? w[d] * options_.intercept_scaling : 0.0;
  }
  return Status::Ok();
}

void LinearSvm::DecisionFunction(const Mat& X, MatD* scores) const {
  *scores = X.cast<double>() * w_.transpose();
  scores->rowwise() += b_.transpose();
}

void LinearSvm::Predict(const Mat& X, Vec* out) const {
  MatD scores;
  DecisionFunction(X, &scores);
  out->resize(X.rows());
  for (int i = 0; i < X.rows(); ++i) {
    if (scores.cols() == 1) {
      (*out)[i] = scores(i, 0) > 0.0 ? 1.0f : 0.0f;
    } else {
      Eigen::Index k;
      scores.row(i).maxCoeff(&k);
      (*out)[i] = static_cast<Scalar>(k);
    }
  }
}

void LinearSvm::PredictProba(const Mat& X, Mat* proba) const {
  MatD scores;
  DecisionFunction(X, &scores);
  proba->resize(X.rows(), num_classes_);
  for (int i = 0; i < X.rows(); ++i) {
    if (scores.cols() == 1) {
      const double p1 = 1.0 / (1.0 + std::exp(-scores(i, 0)));
      (*proba)(i, 0) = static_cast<Scalar>(1.0 - p1);
      (*proba)(i, 1) = static_cast<Scalar>(p1);
    } else {
      const double top = scores.row(i).maxCoeff();
      const VecD e = (scores.row(i).array() - top).exp().transpose();
      const double sum = e.sum();
      for (int k = 0; k < num_classes_; ++k) (*proba)(i, k) = static_cast<Scalar>(e[k] / sum);
    }
  }
}

}  // namespace optiscope

namespace optiscope {

nlohmann::json LinearSvm::SaveState() const {
  nlohmann::json state;
  PutCommon(TaskKind::kClassification, num_classes_, num_features_, &state);
  state["weights"] = MatToJson(w_);
  state["intercept"] = std::vector<double>(b_.data(), b_.data() + b_.size());
  return state;
}

Status LinearSvm::LoadState(const nlohmann::json& state) {
  TaskKind task;
  OPTISCOPE_RETURN_IF_ERROR(GetCommon(state, &task, &num_classes_, &num_features_));
  OPTISCOPE_RETURN_IF_ERROR(MatFromJson(state.at("weights"), num_features_, &w_));
  const std::vector<double> b = state.at("intercept").get<std::vector<double>>();
  const int problems = num_classes_ == 2 ? 1 : num_classes_;
  if (task != TaskKind::kClassification || w_.rows() != problems ||
      static_cast<int>(b.size()) != problems) {
    return Status::InvalidArgument("saved linear_svm model has inconsistent sizes");
  }
  b_ = Eigen::Map<const VecD>(b.data(), problems);
  return Status::Ok();
}

}  // namespace optiscope
