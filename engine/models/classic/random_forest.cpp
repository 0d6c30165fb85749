#include "engine/models/classic/random_forest.h"

#include <algorithm>
#include <atomic>
#include <numeric>

#include "engine/core/parallel_for.h"
#include "engine/models/classic/decision_tree.h"
#include "engine/models/classic/json_state.h"

namespace optiscope {

Status RandomForest::Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
                         std::stop_token stop) {
  OPTISCOPE_RETURN_IF_ERROR(ValidateFitInputs(X, y, task, num_classes, Name()));
  Result<SplitCriterion> criterion = ResolveCriterion(options_.criterion, task);
  if (!criterion.ok()) return criterion.status();
  if (options_.n_estimators < 1 || options_.n_threads < 1 || options_.min_samples_split < 2 ||
      options_.min_samples_leaf < 1 || options_.max_depth < 0) {
    return Status::InvalidArgument(
        "random_forest needs n_estimators >= 1, n_threads >= 1, min_samples_split >= 2, "
        "min_samples_leaf >= 1, max_depth >= 0");
  }
  task_ = task;
  const bool classify = task == TaskKind::kClassification;
  num_classes_ = classify ? num_classes : 0;
  num_features_ = static_cast<int>(X.cols());
  BinnedMatrix bins;
  bins.Build(X);
  const int n = bins.rows();
  CartOptions cart;
  cart.criterion = *criterion;
  cart.max_depth = options_.max_depth;
  cart.min_samples_split = options_.min_samples_split;
  cart.min_samples_leaf = options_.min_samples_leaf;
  MaxFeatures max_features;
  if (options_.max_features.has_value()) {
    max_features = *options_.max_features;
  } else if (classify) {
    max_features.kind = MaxFeatures::Kind::kSqrt;
  }
  cart.max_features = max_features.Resolve(bins.cols());

  std::vector<int> class_ids;
  std::vector<double> values;
  CartTarget target;
  if (classify) {
    class_ids = ClassIds(y);
    target.class_ids = class_ids.data();
    target.num_classes = num_classes;
  } else {
    values.assign(y.data(), y.data() + y.size());
    target.values = values.data();
  }

  const int num_trees = options_.n_estimators;
  trees_.assign(num_trees, Tree());
  std::vector<std::vector<double>> tree_importances(num_trees);
  std::atomic<int> next_tree{0}, trees_done{0};
  std::atomic<bool> cancelled{false};
  const Rng base(options_.seed);
  auto worker = [&]() {
    CartGrower grower;
    std::vector<double> weights;
    std::vector<int> rows;
    while (true) {
      const int t = next_tree.fetch_add(1);
      if (t >= num_trees) return;
      if (stop.stop_requested()) {
        cancelled = true;
        return;
      }
      Rng rng = base.Fork(static_cast<uint64_t>(t));
      rows.clear();
      if (options_.bootstrap) {
        weights.assign(n, 0.0);
        for (int i = 0; i < n; ++i) weights[rng.UniformInt(n)] += 1.0;
        for (int i = 0; i < n; ++i) {
          if (weights[i] > 0.0) rows.push_back(i);
        }
      } else {
        weights.clear();
        rows.resize(n);
        std::iota(rows.begin(), rows.end(), 0);
      }
      std::vector<double>& importance = tree_importances[t];
      importance.assign(bins.cols(), 0.0);
      trees_[t] = grower.Grow(bins, cart, target, rows, weights, rng, &importance);
      NormaliseImportances(&importance);
      ReportFitProgress(trees_done.fetch_add(1) + 1, num_trees);
    }
  };
  // Up to n_threads pool tasks share the trees (each keeps its grower's buffers between trees).
  const int workers = std::min(options_.n_threads, num_trees);
  ParallelForOptions parallel;
  parallel.max_threads = workers;
  const Status grown = ParallelFor(workers, parallel, [&](int) { worker(); });
  if (!grown.ok()) {
    trees_.clear();
    return grown;
  }
  if (cancelled) {
    trees_.clear();
    return Status::Cancelled();
  }
  importances_.assign(bins.cols(), 0.0);
  for (const auto& importance : tree_importances) {
    for (int f = 0; f < bins.cols(); ++f) importances_[f] += importance[f];
  }
  NormaliseImportances(&importances_);
  return Status::Ok();
}

void RandomForest::MeanLeafValues(const Mat& X, Mat* out) const {
  const int outputs = task_ == TaskKind::kClassification ? num_classes_ : 1;
  out->setZero(X.rows(), outputs);
  for (int i = 0; i < X.rows(); ++i) {
    const float* x = X.row(i).data();
    float* o = out->row(i).data();
    for (const Tree& tree : trees_) {
      const float* v = tree.Value(tree.Apply(x));
      for (int k = 0; k < outputs; ++k) o[k] += v[k];
    }
  }
  *out /= static_cast<Scalar>(trees_.size());
}

void RandomForest::VisitStagedOutputs(const Mat& X, std::span<const int> stages,
                                      const std::function<void(int, const MatD&)>& visit) const {
  const int outputs = task_ == TaskKind::kClassification ? num_classes_ : 1;
  const int num_trees = static_cast<int>(trees_.size());
  MatD sum = MatD::Zero(X.rows(), outputs);
  int grown = 0;  // trees summed so far
  for (const int k : stages) {
    if (k < 1 || k > num_trees || k <= grown) continue;
    for (; grown < k; ++grown) {
      const Tree& tree = trees_[grown];
      for (Eigen::Index i = 0; i < X.rows(); ++i) {
        const float* v = tree.Value(tree.Apply(X.row(i).data()));
        for (int c = 0; c < outputs; ++c) sum(i, c) += v[c];
      }
    }
    visit(k, sum / static_cast<double>(k));
  }
}

void RandomForest::Predict(const Mat& X, Vec* out) const {
  Mat mean;
  MeanLeafValues(X, &mean);
  out->resize(X.rows());
  for (int i = 0; i < X.rows(); ++i) {
    if (task_ == TaskKind::kRegression) {
      (*out)[i] = mean(i, 0);
    } else {
      Eigen::Index k;
      mean.row(i).maxCoeff(&k);
      (*out)[i] = static_cast<Scalar>(k);
    }
  }
}

void RandomForest::PredictProba(const Mat& X, Mat* proba) const { MeanLeafValues(X, proba); }

}  // namespace optiscope

namespace optiscope {

nlohmann::json RandomForest::SaveState() const {
  nlohmann::json state;
  PutCommon(task_, num_classes_, num_features_, &state);
  nlohmann::json trees = nlohmann::json::array();
  for (const Tree& tree : trees_) trees.push_back(TreeToJson(tree));
  state["trees"] = std::move(trees);
  state["importances"] = importances_;
  return state;
}

Status RandomForest::LoadState(const nlohmann::json& state) {
  OPTISCOPE_RETURN_IF_ERROR(GetCommon(state, &task_, &num_classes_, &num_features_));
  const int outputs = task_ == TaskKind::kClassification ? num_classes_ : 1;
  const nlohmann::json& trees = state.at("trees");
  if (trees.empty()) return Status::InvalidArgument("saved random forest has no trees");
  trees_.assign(trees.size(), Tree());
  for (size_t t = 0; t < trees.size(); ++t) {
    OPTISCOPE_RETURN_IF_ERROR(TreeFromJson(trees[t], num_features_, outputs, &trees_[t]));
  }
  importances_ = state.at("importances").get<std::vector<double>>();
  if (static_cast<int>(importances_.size()) != num_features_) {
    return Status::InvalidArgument("saved random forest has the wrong number of importances");
  }
  return Status::Ok();
}

}  // namespace optiscope
