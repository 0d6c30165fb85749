// GradientBoosting: stage-wise additive regression trees for squared error and log loss.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/models/classic/cart.h"
#include "engine/models/classic/estimator.h"

namespace optiscope {

// Defaults are scikit-learn's GradientBoostingClassifier/Regressor defaults.
struct GradientBoostingOptions {
  int n_estimators = 100;  // boosting stages
  double learning_rate = 0.1;
  int max_depth = 3;
  int min_samples_split = 2;
  int min_samples_leaf = 1;
  double subsample = 1.0;    // fraction of rows drawn (without replacement) per stage, in (0, 1]
  MaxFeatures max_features;  // all
  uint64_t seed = 0;
};

// Gradient boosting (Friedman 2001, "Greedy Function Approximation: A Gradient Boosting
// Machine", Annals of Statistics 29; stochastic variant Friedman 2002). Each stage fits a
// regression tree (squared-error splits, equivalent to Friedman's MSE criterion) to the negative
// gradient. Regression: squared error, leaves predict the mean residual, initial value the mean.
// Classification: log loss; binary uses one tree per stage on the logit, K > 2 classes use K trees
// per stage on softmax scores (as scikit-learn). Leaf values are Friedman's one Newton step:
// sum(r) / sum(|p|(1 - |p|)), times (K - 1)/K for K > 2; the initial scores are the log prior odds
// (binary) or log priors (multiclass).
class GradientBoosting : public Estimator {
 public:
  explicit GradientBoosting(const GradientBoostingOptions& options = {}) : options_(options) {}

  Status Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
             std::stop_token stop = {}) override;
  void Predict(const Mat& X, Vec* out) const override;
  void PredictProba(const Mat& X, Mat* proba) const override;
  std::string Name() const override { return "gradient_boosting"; }
  nlohmann::json SaveState() const override;
  Status LoadState(const nlohmann::json& state) override;

  // Raw scores: rows x 1 (regression value, binary logit) or rows x K (multiclass scores).
  void DecisionFunction(const Mat& X, MatD* scores) const;
  // Boosting stages: n_estimators before a fit, the fitted stages after.
  int NumStages() const override {
    return num_outputs_ > 0 ? static_cast<int>(trees_.size()) / num_outputs_
                            : options_.n_estimators;
  }
  std::string StageName() const override { return "stage"; }
  // The raw scores after k stages turned into probabilities (sigmoid / softmax) or values.
  void VisitStagedOutputs(const Mat& X, std::span<const int> stages,
                          const std::function<void(int, const MatD&)>& visit) const override;
  // Training loss (mean squared error or mean log loss) after each stage.
  const std::vector<double>& train_loss() const { return train_loss_; }

 private:
  GradientBoostingOptions options_;
  TaskKind task_ = TaskKind::kClassification;
  int num_classes_ = 0;
  int num_features_ = 0;
  int num_outputs_ = 0;       // trees per stage
  std::vector<double> init_;  // initial raw score per output
  std::vector<Tree> trees_;   // stage-major: trees_[stage * num_outputs_ + k]
  std::vector<double> train_loss_;
};

}  // namespace optiscope
