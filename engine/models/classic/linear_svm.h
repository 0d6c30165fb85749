// LinearSvm: one-vs-rest linear support vector classification by dual coordinate descent.
#pragma once

#include <cstdint>

#include "engine/models/classic/estimator.h"

namespace optiscope {

// Defaults are scikit-learn's LinearSVC defaults (which call LIBLINEAR).
struct LinearSvmOptions {
  double C = 1.0;
  bool squared_hinge = true;  // false: hinge (L1-loss) SVM
  double tol = 1e-4;          // stop when the projected-gradient spread is below this
  int max_iter = 1000;        // passes over the data per binary problem
  bool fit_intercept = true;
  double intercept_scaling = 1.0;  // the bias is a constant feature of this value (regularised)
  uint64_t seed = 0;               // order of coordinates within a pass
};

// Linear SVM solved in the dual by coordinate descent with shrinking (Hsieh, Chang, Lin, Keerthi
// & Sundararajan 2008, "A Dual Coordinate Descent Method for Large-scale Linear SVM", ICML), as
// LIBLINEAR's solvers 1 (squared hinge) and 3 (hinge). K > 2 classes: one-vs-rest, predicting the
// class with the largest decision value. PredictProba returns scores, not calibrated
// probabilities: the logistic of the decision value (binary) or the softmax of the K values.
class LinearSvm : public Estimator {
 public:
  explicit LinearSvm(const LinearSvmOptions& options = {}) : options_(options) {}

  Status Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
             std::stop_token stop = {}) override;
  void Predict(const Mat& X, Vec* out) const override;
  void PredictProba(const Mat& X, Mat* proba) const override;
  std::string Name() const override { return "linear_svm"; }
  bool HasProbabilities() const override { return false; }
  nlohmann::json SaveState() const override;
  Status LoadState(const nlohmann::json& state) override;

  // rows x 1 (binary: > 0 means class 1) or rows x K (one-vs-rest).
  void DecisionFunction(const Mat& X, MatD* scores) const;
  // One row per binary problem: feature weights; bias in intercept()[row].
  const MatD& weights() const { return w_; }
  const VecD& intercept() const { return b_; }

 private:
  LinearSvmOptions options_;
  int num_classes_ = 0;
  int num_features_ = 0;
  MatD w_;
  VecD b_;
};

}  // namespace optiscope
