// CART trees (Breiman, Friedman, Olshen & Stone 1984): the fitted tree structure and the greedy
// grower shared by DecisionTree, RandomForest and GradientBoosting.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <vector>

#include "engine/core/rng.h"
#include "engine/core/status.h"
#include "engine/models/classic/binned_matrix.h"

namespace optiscope {

enum class SplitCriterion { kGini, kEntropy, kMse };

struct CartOptions {
  SplitCriterion criterion = SplitCriterion::kGini;
  int max_depth = 0;          // 0 = grow until the other limits stop it (scikit-learn's None)
  int min_samples_split = 2;  // a node with fewer rows is a leaf
  int min_samples_leaf = 1;   // each child keeps at least this many rows
  int max_features = 0;       // features drawn per split (0 = all), scikit-learn's rule: draw
                              // until this many were examined AND one of them was not constant
};

// A fitted binary tree. Row x goes left at an internal node when x[feature] <= threshold. Every
// node (not only leaves) carries NumOutputs() values: class fractions (classification) or the
// mean target (regression). Value type; immutable after growing except MutableValue.
class Tree {
 public:
  struct Node {
    int feature = -1;  // -1 for a leaf
    float threshold = 0.0f;
    int left = -1, right = -1;
  };

  int NumNodes() const { return static_cast<int>(nodes_.size()); }
  int NumOutputs() const { return num_outputs_; }
  const Node& node(int i) const { return nodes_[i]; }
  // The leaf that row `x` (NumFeatures floats) reaches.
  int Apply(const float* x) const {
    int i = 0;
    while (nodes_[i].feature >= 0) {
      i = x[nodes_[i].feature] <= nodes_[i].threshold ? nodes_[i].left : nodes_[i].right;
    }
    return i;
  }
  const float* Value(int node) const {
    return values_.data() + static_cast<size_t>(node) * num_outputs_;
  }
  float* MutableValue(int node) {
    return values_.data() + static_cast<size_t>(node) * num_outputs_;
  }
  // Depth of the deepest leaf (root alone = 0).
  int Depth() const;

 private:
  friend class CartGrower;
  friend Status TreeFromJson(const nlohmann::json& j, int num_features, int outputs, Tree* tree);
  std::vector<Node> nodes_;
  std::vector<float> values_;
  int num_outputs_ = 1;
};

// What a tree is grown to predict: class ids in [0, num_classes) or real values (one per row of
// the binned matrix).
struct CartTarget {
  const int* class_ids = nullptr;
  int num_classes = 0;
  const double* values = nullptr;  // used when class_ids is null
};

// Grows trees depth-first with the exhaustive best split per node (histogram scan over bins,
// features visited in a random order, first strictly best wins, as scikit-learn's BestSplitter).
// Keeps scratch buffers between calls; one grower per thread.
class CartGrower {
 public:
  // `rows`: distinct training row ids (reordered in place). `weights`: a weight per row id of
  // `bins` (bootstrap counts), or empty for 1. Adds each split's weighted impurity decrease to
  // (*importances)[feature] when given (size bins.cols()). Sets (*leaf_of_row)[row] = leaf index
  // for every row in `rows` when given (size bins.rows()).
  // REQUIRES: rows non-empty; criterion kMse iff target.values is used.
  Tree Grow(const BinnedMatrix& bins, const CartOptions& options, const CartTarget& target,
            std::span<int> rows, std::span<const double> weights, Rng& rng,
            std::vector<double>* importances = nullptr, std::vector<int>* leaf_of_row = nullptr);

 private:
  struct Split {
    int feature = -1, bin = -1;
    double proxy = 0.0;
  };
  void NodeStats(std::span<const int> rows, std::vector<double>* stats) const;
  double Impurity(const std::vector<double>& stats) const;
  void WriteValue(const std::vector<double>& stats, float* out) const;
  Split FindSplit(std::span<const int> rows, const std::vector<double>& stats, Rng& rng);

  const BinnedMatrix* bins_ = nullptr;
  const CartOptions* options_ = nullptr;
  CartTarget target_;
  std::span<const double> weights_;
  int stat_size_ = 0;  // K class weights, or {w, w*y, w*y^2}
  std::vector<int> features_;
  std::vector<double> hist_;
  std::vector<int> counts_;
  std::vector<double> left_, total_;
};

}  // namespace optiscope

namespace optiscope {

// How many features a split examines (scikit-learn's max_features): all, sqrt, log2, a fraction
// of the features, or a count.
struct MaxFeatures {
  enum class Kind { kAll, kSqrt, kLog2, kFraction, kCount };
  Kind kind = Kind::kAll;
  double value = 1.0;  // the fraction (kFraction) or the count (kCount)

  // The count for `num_features` features, at least 1 and at most num_features:
  // sqrt -> int(sqrt(F)), log2 -> int(log2(F)), fraction -> int(value * F).
  int Resolve(int num_features) const;
};

}  // namespace optiscope
