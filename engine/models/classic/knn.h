// KNearestNeighbors: brute-force k-nearest-neighbour classification and regression.
#pragma once

#include "engine/models/classic/estimator.h"

namespace optiscope {

// Defaults are scikit-learn's KNeighborsClassifier/Regressor defaults (Euclidean metric).
struct KnnOptions {
  int n_neighbors = 5;
  bool distance_weights = false;  // false: uniform votes; true: weight 1/distance (an exact match
                                  // takes all the weight, shared among exact matches)
};

// k-nearest neighbours (Cover & Hart 1967, "Nearest neighbor pattern classification", IEEE Trans.
// Information Theory 13). Squared distances by ||q||^2 + ||x||^2 - 2 q.x with one matrix product
// per batch of queries; classification returns the (weighted) vote fractions, ties going to the
// lowest class id; regression the (weighted) mean.
class KNearestNeighbors : public Estimator {
 public:
  explicit KNearestNeighbors(const KnnOptions& options = {}) : options_(options) {}

  Status Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
             std::stop_token stop = {}) override;
  void Predict(const Mat& X, Vec* out) const override;
  void PredictProba(const Mat& X, Mat* proba) const override;
  std::string Name() const override { return "knn"; }
  nlohmann::json SaveState() const override;
  Status LoadState(const nlohmann::json& state) override;

 private:
  // rows x outputs: vote fractions per class, or the (weighted) mean in column 0 (regression).
  void Aggregate(const Mat& X, Mat* out) const;

  KnnOptions options_;
  TaskKind task_ = TaskKind::kClassification;
  int num_classes_ = 0;
  int num_features_ = 0;
  Mat X_;
  Vec y_;
  Vec norms_;  // squared row norms of X_
};

}  // namespace optiscope
