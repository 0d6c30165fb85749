#include "engine/models/classic/gradient_boosting.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/models/classic/decision_tree.h"
#include "engine/models/classic/json_state.h"

namespace optiscope {
namespace {

double Sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// Softmax of `scores` (k values) into `p`.
void Softmax(const double* scores, int k, double* p) {
  const double top = *std::max_element(scores, scores + k);
  double sum = 0.0;
  for (int j = 0; j < k; ++j) {
    p[j] = std::exp(scores[j] - top);
    sum += p[j];
  }
  for (int j = 0; j < k; ++j) p[j] /= sum;
}

// The constant first stage (Friedman 2001): the mean (regression), the log-odds of class 1
// (binary) or the log-priors (K classes), priors clamped away from 0 and 1.
std::vector<double> InitialScores(const Vec& y, const std::vector<int>& labels, bool classify,
                                  int num_classes, int K) {
  std::vector<double> init(K, 0.0);
  if (!classify) {
    init[0] = y.cast<double>().mean();
    return init;
  }
  const double eps = std::numeric_limits<float>::epsilon();
  const double n = static_cast<double>(labels.size());
  std::vector<double> prior(num_classes, 0.0);
  for (int c : labels) prior[c] += 1.0 / n;
  for (double& p : prior) p = std::clamp(p, eps, 1.0 - eps);
  if (K == 1) {
    init[0] = std::log(prior[1] / (1.0 - prior[1]));
  } else {
    for (int k = 0; k < K; ++k) init[k] = std::log(prior[k]);
  }
  return init;
}

// Friedman's Newton step per leaf of a classification tree for output k, over the in-bag rows:
// sum(residual) / sum(p (1 - p)), times (K - 1) / K for K > 1 outputs.
void NewtonLeafValues(std::span<const int> bag, const std::vector<int>& labels,
                      const std::vector<double>& residual, const std::vector<int>& leaf_of_row,
                      int K, int k, Tree* tree) {
  std::vector<double> numerator(tree->NumNodes(), 0.0), denominator(tree->NumNodes(), 0.0);
  for (int r : bag) {
    const double yk = K == 1 ? labels[r] : (labels[r] == k ? 1.0 : 0.0);
    const double p = yk - residual[r];
    numerator[leaf_of_row[r]] += residual[r];
    denominator[leaf_of_row[r]] += p * (1.0 - p);
  }
  const double factor = K > 1 ? (K - 1.0) / K : 1.0;
  for (int node = 0; node < tree->NumNodes(); ++node) {
    if (tree->node(node).feature >= 0) continue;
    const double value = std::abs(denominator[node]) < 1e-150
                             ? 0.0
                             : factor * numerator[node] / denominator[node];
    tree->MutableValue(node)[0] = static_cast<float>(value);
  }
}

// The mean training loss of the raw scores: squared error, or the (multinomial) log loss.
double TrainingLoss(const std::vector<double>& raw, const Vec& y, const std::vector<int>& labels,
                    bool classify, int K) {
  const int n = static_cast<int>(y.size());
  double loss = 0.0;
  for (int i = 0; i < n; ++i) {
    const double* s = &raw[static_cast<size_t>(i) * K];
    if (!classify) {
      loss += (y[i] - s[0]) * (y[i] - s[0]);
    } else if (K == 1) {
      // log(1 + exp(-z)) for the true class, computed stably.
      const double z = labels[i] == 1 ? s[0] : -s[0];
      loss += z > 0 ? std::log1p(std::exp(-z)) : -z + std::log1p(std::exp(z));
    } else {
      const double top = *std::max_element(s, s + K);
      double sum = 0.0;
      for (int k = 0; k < K; ++k) sum += std::exp(s[k] - top);
      loss += top + std::log(sum) - s[labels[i]];
    }
  }
  return loss / n;
}

}  // namespace

Status GradientBoosting::Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
                             std::stop_token stop) {
  OPTISCOPE_RETURN_IF_ERROR(ValidateFitInputs(X, y, task, num_classes, Name()));
  if (options_.n_estimators < 1 || !(options_.learning_rate > 0.0) ||
      !(options_.subsample > 0.0 && options_.subsample <= 1.0) || options_.max_depth < 0 ||
      options_.min_samples_split < 2 || options_.min_samples_leaf < 1) {
    return Status::InvalidArgument(
        "gradient_boosting needs n_estimators >= 1, learning_rate > 0, subsample in (0, 1], "
        "max_depth >= 0, min_samples_split >= 2, min_samples_leaf >= 1");
  }
  task_ = task;
  const bool classify = task == TaskKind::kClassification;
  num_classes_ = classify ? num_classes : 0;
  num_features_ = static_cast<int>(X.cols());
  num_outputs_ = classify && num_classes > 2 ? num_classes : 1;
  const int n = static_cast<int>(X.rows());
  const int K = num_outputs_;
  BinnedMatrix bins;
  bins.Build(X);
  CartOptions cart;
  cart.criterion = SplitCriterion::kMse;
  cart.max_depth = options_.max_depth;
  cart.min_samples_split = options_.min_samples_split;
  cart.min_samples_leaf = options_.min_samples_leaf;
  cart.max_features = options_.max_features.Resolve(bins.cols());

  const std::vector<int> labels = classify ? ClassIds(y) : std::vector<int>();
  init_ = InitialScores(y, labels, classify, num_classes, K);
  std::vector<double> raw(static_cast<size_t>(n) * K);
  for (int i = 0; i < n; ++i) {
    for (int k = 0; k < K; ++k) raw[static_cast<size_t>(i) * K + k] = init_[k];
  }

  trees_.clear();
  trees_.reserve(static_cast<size_t>(options_.n_estimators) * K);
  train_loss_.clear();
  Rng rng(options_.seed);
  CartGrower grower;
  std::vector<double> residual(n), prob(static_cast<size_t>(n) * K);
  std::vector<int> rows(n), leaf_of_row(n, -1);
  std::vector<char> in_bag(n, 1);
  const int n_in_bag = std::max(1, static_cast<int>(options_.subsample * n));
  const double lr = options_.learning_rate;
  for (int stage = 0; stage < options_.n_estimators; ++stage) {
    if (stop.stop_requested()) return Status::Cancelled();
    // Rows of this stage: all, or a uniform subset of n_in_bag rows.
    std::iota(rows.begin(), rows.end(), 0);
    if (n_in_bag < n) {
      for (int i = 0; i < n_in_bag; ++i) {
        std::swap(rows[i], rows[i + rng.UniformInt(n - i)]);
      }
      std::fill(in_bag.begin(), in_bag.end(), 0);
      for (int i = 0; i < n_in_bag; ++i) in_bag[rows[i]] = 1;
    }
    if (classify && K > 1) {
      for (int i = 0; i < n; ++i)
        Softmax(&raw[static_cast<size_t>(i) * K], K, &prob[static_cast<size_t>(i) * K]);
    }
    for (int k = 0; k < K; ++k) {
      for (int i = 0; i < n; ++i) {
        const double score = raw[static_cast<size_t>(i) * K + k];
        if (!classify) {
          residual[i] = y[i] - score;
        } else if (K == 1) {
          residual[i] = labels[i] - Sigmoid(score);
        } else {
          residual[i] = (labels[i] == k ? 1.0 : 0.0) - prob[static_cast<size_t>(i) * K + k];
        }
      }
      CartTarget target;
      target.values = residual.data();
      std::span<int> bag(rows.data(), n_in_bag);
      Tree tree = grower.Grow(bins, cart, target, bag, {}, rng, nullptr, &leaf_of_row);
      if (classify) NewtonLeafValues(bag, labels, residual, leaf_of_row, K, k, &tree);
      for (int i = 0; i < n; ++i) {
        const int leaf = in_bag[i] ? leaf_of_row[i] : tree.Apply(X.row(i).data());
        raw[static_cast<size_t>(i) * K + k] += lr * tree.Value(leaf)[0];
      }
      trees_.push_back(std::move(tree));
    }
    train_loss_.push_back(TrainingLoss(raw, y, labels, classify, K));
    ReportFitProgress(stage + 1, options_.n_estimators);
  }
  return Status::Ok();
}

void GradientBoosting::DecisionFunction(const Mat& X, MatD* scores) const {
  const int K = num_outputs_;
  scores->resize(X.rows(), K);
  const double lr = options_.learning_rate;
  for (int i = 0; i < X.rows(); ++i) {
    const float* x = X.row(i).data();
    for (int k = 0; k < K; ++k) (*scores)(i, k) = init_[k];
    for (size_t t = 0; t < trees_.size(); ++t) {
      const Tree& tree = trees_[t];
      (*scores)(i, static_cast<int>(t % K)) += lr * tree.Value(tree.Apply(x))[0];
    }
  }
}

void GradientBoosting::VisitStagedOutputs(
    const Mat& X, std::span<const int> stages,
    const std::function<void(int, const MatD&)>& visit) const {
  const int K = num_outputs_;
  const int num_stages = NumStages();
  const double lr = options_.learning_rate;
  MatD raw(X.rows(), K);
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    for (int k = 0; k < K; ++k) raw(i, k) = init_[k];
  }
  const bool classify = task_ == TaskKind::kClassification;
  MatD outputs(X.rows(), classify ? num_classes_ : 1);
  int done = 0;  // stages added to `raw` so far
  for (const int s : stages) {
    if (s < 1 || s > num_stages || s <= done) continue;
    for (; done < s; ++done) {
      for (int k = 0; k < K; ++k) {
        const Tree& tree = trees_[static_cast<size_t>(done) * K + k];
        for (Eigen::Index i = 0; i < X.rows(); ++i) {
          raw(i, k) += lr * tree.Value(tree.Apply(X.row(i).data()))[0];
        }
      }
    }
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      if (!classify) {
        outputs(i, 0) = raw(i, 0);
      } else if (K == 1) {
        const double p1 = Sigmoid(raw(i, 0));
        outputs(i, 0) = 1.0 - p1;
        outputs(i, 1) = p1;
      } else {
        Softmax(raw.row(i).data(), K, outputs.row(i).data());
      }
    }
    visit(s, outputs);
  }
}

void GradientBoosting::Predict(const Mat& X, Vec* out) const {
  MatD scores;
  DecisionFunction(X, &scores);
  out->resize(X.rows());
  for (int i = 0; i < X.rows(); ++i) {
    if (task_ == TaskKind::kRegression) {
      (*out)[i] = static_cast<Scalar>(scores(i, 0));
    } else if (num_outputs_ == 1) {
      (*out)[i] = scores(i, 0) > 0.0 ? 1.0f : 0.0f;
    } else {
      Eigen::Index k;
      scores.row(i).maxCoeff(&k);
      (*out)[i] = static_cast<Scalar>(k);
    }
  }
}

void GradientBoosting::PredictProba(const Mat& X, Mat* proba) const {
  MatD scores;
  DecisionFunction(X, &scores);
  proba->resize(X.rows(), num_classes_);
  std::vector<double> p(num_classes_);
  for (int i = 0; i < X.rows(); ++i) {
    if (num_outputs_ == 1) {
      const double p1 = Sigmoid(scores(i, 0));
      (*proba)(i, 0) = static_cast<Scalar>(1.0 - p1);
      (*proba)(i, 1) = static_cast<Scalar>(p1);
    } else {
      Softmax(scores.row(i).data(), num_outputs_, p.data());
      for (int k = 0; k < num_classes_; ++k) (*proba)(i, k) = static_cast<Scalar>(p[k]);
    }
  }
}

}  // namespace optiscope

namespace optiscope {

nlohmann::json GradientBoosting::SaveState() const {
  nlohmann::json state;
  PutCommon(task_, num_classes_, num_features_, &state);
  state["learning_rate"] = options_.learning_rate;
  state["init"] = init_;
  nlohmann::json trees = nlohmann::json::array();
  for (const Tree& tree : trees_) trees.push_back(TreeToJson(tree));
  state["trees"] = std::move(trees);
  state["train_loss"] = train_loss_;
  return state;
}

Status GradientBoosting::LoadState(const nlohmann::json& state) {
  OPTISCOPE_RETURN_IF_ERROR(GetCommon(state, &task_, &num_classes_, &num_features_));
  num_outputs_ = task_ == TaskKind::kClassification && num_classes_ > 2 ? num_classes_ : 1;
  options_.learning_rate = state.at("learning_rate").get<double>();
  init_ = state.at("init").get<std::vector<double>>();
  const nlohmann::json& trees = state.at("trees");
  if (static_cast<int>(init_.size()) != num_outputs_ || trees.empty() ||
      trees.size() % num_outputs_ != 0) {
    return Status::InvalidArgument("saved gradient boosting model has inconsistent sizes");
  }
  trees_.assign(trees.size(), Tree());
  for (size_t t = 0; t < trees.size(); ++t) {
    OPTISCOPE_RETURN_IF_ERROR(TreeFromJson(trees[t], num_features_, 1, &trees_[t]));
  }
  train_loss_ = state.at("train_loss").get<std::vector<double>>();
  return Status::Ok();
}

}  // namespace optiscope
