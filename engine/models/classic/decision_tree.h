// DecisionTree: a single CART classification or regression tree as an Estimator.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/models/classic/cart.h"
#include "engine/models/classic/estimator.h"

namespace optiscope {

// Defaults are scikit-learn's DecisionTreeClassifier/Regressor defaults.
struct DecisionTreeOptions {
  // Unset: gini for classification, mse for regression. gini/entropy need classification, mse
  // needs regression.
  std::optional<SplitCriterion> criterion;
  int max_depth = 0;  // 0 = unlimited
  int min_samples_split = 2;
  int min_samples_leaf = 1;
  MaxFeatures max_features;  // all
  uint64_t seed = 0;         // order in which features are examined (breaks ties between splits)
};

// CART (Breiman, Friedman, Olshen & Stone 1984, "Classification and Regression Trees"): greedy
// binary splits minimising weighted gini impurity, entropy or squared error; leaves predict class
// fractions (PredictProba) or the mean. Split search is exhaustive over the distinct values of a
// feature when it has at most 256 of them, over 256 quantile bins otherwise (see BinnedMatrix).
class DecisionTree : public Estimator {
 public:
  explicit DecisionTree(const DecisionTreeOptions& options = {}) : options_(options) {}

  Status Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
             std::stop_token stop = {}) override;
  void Predict(const Mat& X, Vec* out) const override;
  void PredictProba(const Mat& X, Mat* proba) const override;
  std::string Name() const override { return "tree"; }
  nlohmann::json SaveState() const override;
  Status LoadState(const nlohmann::json& state) override;

  const Tree& tree() const { return tree_; }
  // Normalised impurity decrease per feature (sums to 1 unless the tree is a single leaf).
  const std::vector<double>& feature_importances() const { return importances_; }

 private:
  DecisionTreeOptions options_;
  TaskKind task_ = TaskKind::kClassification;
  int num_classes_ = 0;
  int num_features_ = 0;
  Tree tree_;
  std::vector<double> importances_;
};

// Resolves an unset criterion for `task` and checks that it fits the task.
Result<SplitCriterion> ResolveCriterion(std::optional<SplitCriterion> criterion, TaskKind task);

// Class ids of y as ints. REQUIRES: y validated by ValidateFitInputs for classification.
std::vector<int> ClassIds(const Vec& y);

// Scales `importances` to sum to 1 (left as is when the sum is 0).
void NormaliseImportances(std::vector<double>* importances);

}  // namespace optiscope
