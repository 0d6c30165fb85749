#include "engine/models/classic/decision_tree.h"

#include <numeric>

#include "engine/models/classic/json_state.h"

namespace optiscope {

Result<SplitCriterion> ResolveCriterion(std::optional<SplitCriterion> criterion, TaskKind task) {
  const bool classify = task == TaskKind::kClassification;
  if (!criterion.has_value()) return classify ? SplitCriterion::kGini : SplitCriterion::kMse;
  if (classify && *criterion == SplitCriterion::kMse) {
    return Status::InvalidArgument("criterion mse applies to regression; use gini or entropy");
  }
  if (!classify && *criterion != SplitCriterion::kMse) {
    return Status::InvalidArgument("criterion gini/entropy applies to classification; use mse");
  }
  return *criterion;
}

std::vector<int> ClassIds(const Vec& y) {
  std::vector<int> ids(y.size());
  for (int i = 0; i < y.size(); ++i) ids[i] = static_cast<int>(y[i]);
  return ids;
}

void NormaliseImportances(std::vector<double>* importances) {
  const double total = std::accumulate(importances->begin(), importances->end(), 0.0);
  if (total > 0.0) {
    for (double& v : *importances) v /= total;
  }
}

Status DecisionTree::Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
                         std::stop_token stop) {
  OPTISCOPE_RETURN_IF_ERROR(ValidateFitInputs(X, y, task, num_classes, Name()));
  Result<SplitCriterion> criterion = ResolveCriterion(options_.criterion, task);
  if (!criterion.ok()) return criterion.status();
  if (options_.min_samples_split < 2 || options_.min_samples_leaf < 1 || options_.max_depth < 0) {
    return Status::InvalidArgument(
        "tree needs min_samples_split >= 2, min_samples_leaf >= 1, max_depth >= 0");
  }
  if (stop.stop_requested()) return Status::Cancelled();
  task_ = task;
  num_classes_ = task == TaskKind::kClassification ? num_classes : 0;
  num_features_ = static_cast<int>(X.cols());
  BinnedMatrix bins;
  bins.Build(X);
  CartOptions cart;
  cart.criterion = *criterion;
  cart.max_depth = options_.max_depth;
  cart.min_samples_split = options_.min_samples_split;
  cart.min_samples_leaf = options_.min_samples_leaf;
  cart.max_features = options_.max_features.Resolve(bins.cols());
  std::vector<int> class_ids;
  std::vector<double> values;
  CartTarget target;
  if (task == TaskKind::kClassification) {
    class_ids = ClassIds(y);
    target.class_ids = class_ids.data();
    target.num_classes = num_classes;
  } else {
    values.assign(y.data(), y.data() + y.size());
    target.values = values.data();
  }
  std::vector<int> rows(X.rows());
  std::iota(rows.begin(), rows.end(), 0);
  importances_.assign(X.cols(), 0.0);
  Rng rng(options_.seed);
  CartGrower grower;
  tree_ = grower.Grow(bins, cart, target, rows, {}, rng, &importances_);
  NormaliseImportances(&importances_);
  return Status::Ok();
}

void DecisionTree::Predict(const Mat& X, Vec* out) const {
  out->resize(X.rows());
  for (int i = 0; i < X.rows(); ++i) {
    const float* v = tree_.Value(tree_.Apply(X.row(i).data()));
    if (task_ == TaskKind::kRegression) {
      (*out)[i] = v[0];
    } else {
      (*out)[i] = static_cast<Scalar>(std::max_element(v, v + num_classes_) - v);
    }
  }
}

void DecisionTree::PredictProba(const Mat& X, Mat* proba) const {
  proba->resize(X.rows(), num_classes_);
  for (int i = 0; i < X.rows(); ++i) {
    const float* v = tree_.Value(tree_.Apply(X.row(i).data()));
    for (int k = 0; k < num_classes_; ++k) (*proba)(i, k) = v[k];
  }
}

}  // namespace optiscope

namespace optiscope {

nlohmann::json DecisionTree::SaveState() const {
  nlohmann::json state;
  PutCommon(task_, num_classes_, num_features_, &state);
  state["tree"] = TreeToJson(tree_);
  state["importances"] = importances_;
  return state;
}

Status DecisionTree::LoadState(const nlohmann::json& state) {
  OPTISCOPE_RETURN_IF_ERROR(GetCommon(state, &task_, &num_classes_, &num_features_));
  const int outputs = task_ == TaskKind::kClassification ? num_classes_ : 1;
  OPTISCOPE_RETURN_IF_ERROR(TreeFromJson(state.at("tree"), num_features_, outputs, &tree_));
  importances_ = state.at("importances").get<std::vector<double>>();
  if (static_cast<int>(importances_.size()) != num_features_) {
    return Status::InvalidArgument("saved tree has the wrong number of importances");
  }
  return Status::Ok();
}

}  // namespace optiscope
