// RandomForest: bagged CART trees with random feature subsets, grown in parallel.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/models/classic/cart.h"
#include "engine/models/classic/estimator.h"

namespace optiscope {

// Defaults are scikit-learn's RandomForestClassifier/Regressor defaults, except n_threads.
struct RandomForestOptions {
  int n_estimators = 100;
  std::optional<SplitCriterion> criterion;  // unset: gini (classification) / mse (regression)
  int max_depth = 0;                        // 0 = unlimited
  int min_samples_split = 2;
  int min_samples_leaf = 1;
  // Unset: sqrt for classification, all features for regression.
  std::optional<MaxFeatures> max_features;
  bool bootstrap = true;  // each tree sees n rows drawn with replacement (as weights)
  int n_threads = 2;      // trees are grown by at most this many pool threads (budget caps)
  uint64_t seed = 0;      // tree t uses Rng(seed).Fork(t): results do not depend on n_threads
};

// Random forest (Breiman 2001, "Random Forests", Machine Learning 45): each tree is grown to
// purity on a bootstrap sample, examining a random subset of features at every split; the
// forest averages the trees' class fractions (classification) or values (regression).
// Feature importances are the mean decrease in impurity, normalised per tree then overall.
class RandomForest : public Estimator {
 public:
  explicit RandomForest(const RandomForestOptions& options = {}) : options_(options) {}

  Status Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
             std::stop_token stop = {}) override;
  void Predict(const Mat& X, Vec* out) const override;
  void PredictProba(const Mat& X, Mat* proba) const override;
  std::string Name() const override { return "random_forest"; }
  nlohmann::json SaveState() const override;
  Status LoadState(const nlohmann::json& state) override;
  // Trees: n_estimators before a fit, the fitted trees after.
  int NumStages() const override {
    return trees_.empty() ? options_.n_estimators : static_cast<int>(trees_.size());
  }
  std::string StageName() const override { return "tree"; }
  // The first k trees' mean (class fractions or values), as PredictProba / Predict average all.
  void VisitStagedOutputs(const Mat& X, std::span<const int> stages,
                          const std::function<void(int, const MatD&)>& visit) const override;

  const std::vector<Tree>& trees() const { return trees_; }
  // Mean decrease in impurity per feature, summing to 1 (all zero if no tree split).
  const std::vector<double>& feature_importances() const { return importances_; }

 private:
  // rows x outputs: the mean of the trees' leaf values.
  void MeanLeafValues(const Mat& X, Mat* out) const;

  RandomForestOptions options_;
  TaskKind task_ = TaskKind::kClassification;
  int num_classes_ = 0;
  int num_features_ = 0;
  std::vector<Tree> trees_;
  std::vector<double> importances_;
};

}  // namespace optiscope
