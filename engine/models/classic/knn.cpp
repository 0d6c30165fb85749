#include "engine/models/classic/knn.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "engine/models/classic/json_state.h"

namespace optiscope {

Status KNearestNeighbors::Fit(const Mat& X, const Vec& y, TaskKind task, int num_classes,
                              std::stop_token stop) {
  OPTISCOPE_RETURN_IF_ERROR(ValidateFitInputs(X, y, task, num_classes, Name()));
  if (options_.n_neighbors < 1 || options_.n_neighbors > X.rows()) {
    return Status::InvalidArgument("knn: n_neighbors must be in [1, " + std::to_string(X.rows()) +
                                   "] (the number of training rows)");
  }
  if (stop.stop_requested()) return Status::Cancelled();
  task_ = task;
  num_classes_ = task == TaskKind::kClassification ? num_classes : 0;
  num_features_ = static_cast<int>(X.cols());
  X_ = X;
  y_ = y;
  norms_ = X_.rowwise().squaredNorm();
  return Status::Ok();
}

void KNearestNeighbors::Aggregate(const Mat& X, Mat* out) const {
  constexpr int kBatch = 256;
  const int k = options_.n_neighbors;
  const int n = static_cast<int>(X_.rows());
  const bool classify = task_ == TaskKind::kClassification;
  out->setZero(X.rows(), classify ? num_classes_ : 1);
  Mat distances;
  std::vector<int> order(n);
  std::vector<double> weights(k);
  for (int begin = 0; begin < X.rows(); begin += kBatch) {
    const int count = std::min<int>(kBatch, static_cast<int>(X.rows()) - begin);
    const auto queries = X.middleRows(begin, count);
    distances.noalias() = -2.0f * queries * X_.transpose();
    distances.rowwise() += norms_.transpose();
    const Vec query_norms = queries.rowwise().squaredNorm();
    distances.colwise() += query_norms;
    for (int q = 0; q < count; ++q) {
      const float* d = distances.row(q).data();
      std::iota(order.begin(), order.end(), 0);
      // Nearest k, ties broken by training row order.
      auto closer = [d](int a, int b) { return d[a] < d[b] || (d[a] == d[b] && a < b); };
      std::partial_sort(order.begin(), order.begin() + k, order.end(), closer);
      bool exact = false;
      for (int j = 0; j < k; ++j) {
        const double dist = std::sqrt(std::max(0.0f, d[order[j]]));
        if (!options_.distance_weights) {
          weights[j] = 1.0;
        } else if (dist <= 0.0) {
          weights[j] = 1.0;
          exact = true;
        } else {
          weights[j] = 1.0 / dist;
        }
      }
      if (exact) {
        for (int j = 0; j < k; ++j) {
          if (std::max(0.0f, d[order[j]]) > 0.0f) weights[j] = 0.0;
        }
      }
      const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
      float* o = out->row(begin + q).data();
      for (int j = 0; j < k; ++j) {
        const double w = weights[j] / total;
        if (classify) {
          o[static_cast<int>(y_[order[j]])] += static_cast<float>(w);
        } else {
          o[0] += static_cast<float>(w * y_[order[j]]);
        }
      }
    }
  }
}

void KNearestNeighbors::Predict(const Mat& X, Vec* out) const {
  Mat agg;
  Aggregate(X, &agg);
  out->resize(X.rows());
  for (int i = 0; i < X.rows(); ++i) {
    if (task_ == TaskKind::kRegression) {
      (*out)[i] = agg(i, 0);
    } else {
      Eigen::Index k;
      agg.row(i).maxCoeff(&k);
      (*out)[i] = static_cast<Scalar>(k);
    }
  }
}

void KNearestNeighbors::PredictProba(const Mat& X, Mat* proba) const { Aggregate(X, proba); }

}  // namespace optiscope

namespace optiscope {

nlohmann::json KNearestNeighbors::SaveState() const {
  nlohmann::json state;
  PutCommon(task_, num_classes_, num_features_, &state);
  state["n_neighbors"] = options_.n_neighbors;
  state["distance_weights"] = options_.distance_weights;
  state["X"] = MatToJson(X_);
  state["y"] = std::vector<double>(y_.data(), y_.data() + y_.size());
  return state;
}

Status KNearestNeighbors::LoadState(const nlohmann::json& state) {
  OPTISCOPE_RETURN_IF_ERROR(GetCommon(state, &task_, &num_classes_, &num_features_));
  options_.n_neighbors = state.at("n_neighbors").get<int>();
  options_.distance_weights = state.at("distance_weights").get<bool>();
  OPTISCOPE_RETURN_IF_ERROR(MatFromJson(state.at("X"), num_features_, &X_));
  const std::vector<double> y = state.at("y").get<std::vector<double>>();
  y_.resize(static_cast<int>(y.size()));
  for (size_t i = 0; i < y.size(); ++i) y_[i] = static_cast<Scalar>(y[i]);
  OPTISCOPE_RETURN_IF_ERROR(ValidateFitInputs(X_, y_, task_, num_classes_, Name()));
  if (options_.n_neighbors < 1 || options_.n_neighbors > X_.rows()) {
    return Status::InvalidArgument("saved knn model has an invalid n_neighbors");
  }
  norms_ = X_.rowwise().squaredNorm();
  return Status::Ok();
}

}  // namespace optiscope
