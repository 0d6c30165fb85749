#include "engine/models/classic/cart.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>
#include <numeric>

namespace optiscope {
namespace {

// Sum of x*ln(x) with 0*ln(0) = 0.
inline double XLogX(double x) { return x > 0.0 ? x * std::log(x) : 0.0; }

// The per-bin statistics of `rows` on one binned column: per bin the row count and, for
// classification, the (weighted) count of each of the `s` classes; for regression the weight and
// the weighted target sum (3 slots per bin). `hist` and `counts` start zeroed.
void FillHistogram(std::span<const int> rows, const uint8_t* column, const CartTarget& target,
                   std::span<const double> weights, int s, double* hist, int* counts) {
  const bool weighted = !weights.empty();
  if (target.class_ids != nullptr) {
    const int* cls = target.class_ids;
    if (weighted) {
      for (int r : rows) {
        const int b = column[r];
        ++counts[b];
        hist[b * s + cls[r]] += weights[r];
      }
    } else {
      for (int r : rows) {
        const int b = column[r];
        ++counts[b];
        hist[b * s + cls[r]] += 1.0;
      }
    }
    return;
  }
  const double* y = target.values;
  for (int r : rows) {
    const int b = column[r];
    const double w = weighted ? weights[r] : 1.0;
    ++counts[b];
    double* h = hist + b * 3;
    h[0] += w;
    h[1] += w * y[r];
  }
}

// How many of the first `nb` bins hold rows; *last is the last of them (-1 when none).
int NonEmptyBins(const int* counts, int nb, int* last) {
  int nonempty = 0;
  for (int b = 0; b < nb; ++b) {
    if (counts[b] > 0) {
      *last = b;
      ++nonempty;
    }
  }
  return nonempty;
}

}  // namespace

int Tree::Depth() const {
  if (nodes_.empty()) return 0;
  int deepest = 0;
  std::vector<std::pair<int, int>> stack = {{0, 0}};
  while (!stack.empty()) {
    auto [i, d] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, d);
    if (nodes_[i].feature >= 0) {
      stack.push_back({nodes_[i].left, d + 1});
      stack.push_back({nodes_[i].right, d + 1});
    }
  }
  return deepest;
}

void CartGrower::NodeStats(std::span<const int> rows, std::vector<double>* stats) const {
  stats->assign(stat_size_, 0.0);
  double* s = stats->data();
  const bool weighted = !weights_.empty();
  if (target_.class_ids != nullptr) {
    for (int r : rows) s[target_.class_ids[r]] += weighted ? weights_[r] : 1.0;
  } else {
    for (int r : rows) {
      const double w = weighted ? weights_[r] : 1.0;
      const double y = target_.values[r];
      s[0] += w;
      s[1] += w * y;
      s[2] += w * y * y;
    }
  }
}

double CartGrower::Impurity(const std::vector<double>& stats) const {
  if (target_.class_ids == nullptr) {
    const double mean = stats[1] / stats[0];
    return std::max(0.0, stats[2] / stats[0] - mean * mean);
  }
  const double total = std::accumulate(stats.begin(), stats.end(), 0.0);
  double impurity = 0.0;
  if (options_->criterion == SplitCriterion::kEntropy) {
    for (double c : stats) {
      if (c > 0.0) impurity -= (c / total) * std::log2(c / total);
    }
  } else {
    double sq = 0.0;
    for (double c : stats) sq += (c / total) * (c / total);
    impurity = 1.0 - sq;
  }
  return impurity;
}

void CartGrower::WriteValue(const std::vector<double>& stats, float* out) const {
  if (target_.class_ids == nullptr) {
    out[0] = static_cast<float>(stats[1] / stats[0]);
    return;
  }
  const double total = std::accumulate(stats.begin(), stats.end(), 0.0);
  for (int k = 0; k < stat_size_; ++k) out[k] = static_cast<float>(stats[k] / total);
}

CartGrower::Split CartGrower::FindSplit(std::span<const int> rows, const std::vector<double>& stats,
                                        Rng& rng) {
  const int num_features = bins_->cols();
  const int n = static_cast<int>(rows.size());
  const int min_leaf = options_->min_samples_leaf;
  const int max_features =
      options_->max_features > 0 ? std::min(options_->max_features, num_features) : num_features;
  const bool classify = target_.class_ids != nullptr;
  const bool entropy = options_->criterion == SplitCriterion::kEntropy;
  const int s = stat_size_;
  double total_weight = 0.0;
  if (classify) {
    total_weight = std::accumulate(stats.begin(), stats.end(), 0.0);
  } else {
    total_weight = stats[0];
  }

  Split best;
  best.proxy = -std::numeric_limits<double>::infinity();
  int visited = 0, non_constant = 0;
  for (int i = 0; i < num_features && (visited < max_features || non_constant == 0); ++i) {
    const int j = i + static_cast<int>(rng.UniformInt(num_features - i));
    std::swap(features_[i], features_[j]);
    const int f = features_[i];
    ++visited;
    const int nb = bins_->NumBins(f);
    const uint8_t* column = bins_->Column(f);
    std::fill(hist_.begin(), hist_.begin() + static_cast<size_t>(nb) * s, 0.0);
    std::fill(counts_.begin(), counts_.begin() + nb, 0);
    double* hist = hist_.data();
    int* counts = counts_.data();
    FillHistogram(rows, column, target_, weights_, s, hist, counts);
    int last_nonempty = -1;
    if (NonEmptyBins(counts, nb, &last_nonempty) <= 1) continue;  // constant in this node
    ++non_constant;

    int n_left = 0;
    if (classify) {
      std::fill(left_.begin(), left_.end(), 0.0);
      double w_left = 0.0;
      for (int b = 0; b < last_nonempty; ++b) {
        if (counts[b] == 0) continue;
        const double* h = hist + b * s;
        for (int k = 0; k < s; ++k) {
          left_[k] += h[k];
          w_left += h[k];
        }
        n_left += counts[b];
        if (n_left < min_leaf) continue;
        if (n - n_left < min_leaf) break;
        const double w_right = total_weight - w_left;
        double proxy = 0.0;
        if (entropy) {
          double sl = 0.0, sr = 0.0;
          for (int k = 0; k < s; ++k) {
            sl += XLogX(left_[k]);
            sr += XLogX(stats[k] - left_[k]);
          }
          proxy = sl - XLogX(w_left) + sr - XLogX(w_right);
        } else {
          double sl = 0.0, sr = 0.0;
          for (int k = 0; k < s; ++k) {
            const double r = stats[k] - left_[k];
            sl += left_[k] * left_[k];
            sr += r * r;
          }
          proxy = sl / w_left + sr / w_right;
        }
        if (proxy > best.proxy) best = {f, b, proxy};
      }
    } else {
      double w_left = 0.0, sum_left = 0.0;
      const double sum_total = stats[1];
      for (int b = 0; b < last_nonempty; ++b) {
        if (counts[b] == 0) continue;
        w_left += hist[b * 3];
        sum_left += hist[b * 3 + 1];
        n_left += counts[b];
        if (n_left < min_leaf) continue;
        if (n - n_left < min_leaf) break;
        const double w_right = total_weight - w_left;
        const double sum_right = sum_total - sum_left;
        const double proxy = sum_left * sum_left / w_left + sum_right * sum_right / w_right;
        if (proxy > best.proxy) best = {f, b, proxy};
      }
    }
  }
  return best;
}

Tree CartGrower::Grow(const BinnedMatrix& bins, const CartOptions& options,
                      const CartTarget& target, std::span<int> rows,
                      std::span<const double> weights, Rng& rng, std::vector<double>* importances,
                      std::vector<int>* leaf_of_row) {
  bins_ = &bins;
  options_ = &options;
  target_ = target;
  weights_ = weights;
  stat_size_ = target.class_ids != nullptr ? target.num_classes : 3;
  // Identity order at every call: the tree depends only on `rng`, not on earlier calls.
  features_.resize(bins.cols());
  std::iota(features_.begin(), features_.end(), 0);
  hist_.resize(static_cast<size_t>(BinnedMatrix::kMaxBins) * stat_size_);
  counts_.resize(BinnedMatrix::kMaxBins);
  left_.resize(stat_size_);

  Tree tree;
  tree.num_outputs_ = target.class_ids != nullptr ? target.num_classes : 1;

  struct Pending {
    int begin, end, depth, parent;
    bool is_left;
    std::vector<double> stats;
  };
  std::vector<Pending> stack;
  Pending root{0, static_cast<int>(rows.size()), 0, -1, false, {}};
  NodeStats(rows, &root.stats);
  stack.push_back(std::move(root));
  std::vector<double> left_stats, right_stats;
  while (!stack.empty()) {
    Pending p = std::move(stack.back());
    stack.pop_back();
    const int id = tree.NumNodes();
    tree.nodes_.emplace_back();
    tree.values_.resize(tree.values_.size() + tree.num_outputs_);
    WriteValue(p.stats, tree.MutableValue(id));
    if (p.parent >= 0) {
      (p.is_left ? tree.nodes_[p.parent].left : tree.nodes_[p.parent].right) = id;
    }
    std::span<int> node_rows = rows.subspan(p.begin, p.end - p.begin);
    const int n = p.end - p.begin;
    const double impurity = Impurity(p.stats);
    bool leaf = n < options.min_samples_split || n < 2 * options.min_samples_leaf ||
                (options.max_depth > 0 && p.depth >= options.max_depth) || impurity <= DBL_EPSILON;
    Split split;
    if (!leaf) {
      split = FindSplit(node_rows, p.stats, rng);
      leaf = split.feature < 0;
    }
    if (leaf) {
      if (leaf_of_row != nullptr) {
        for (int r : node_rows) (*leaf_of_row)[r] = id;
      }
      continue;
    }
    const uint8_t* column = bins.Column(split.feature);
    const int bin = split.bin;
    auto middle =
        std::partition(node_rows.begin(), node_rows.end(), [&](int r) { return column[r] <= bin; });
    const int mid = p.begin + static_cast<int>(middle - node_rows.begin());
    int next = BinnedMatrix::kMaxBins;  // smallest bin present on the right
    for (int r : node_rows.subspan(mid - p.begin)) next = std::min(next, int{column[r]});
    const float low = bins.BinHigh(split.feature, bin);
    const float high = bins.BinLow(split.feature, next);
    float threshold = static_cast<float>((static_cast<double>(low) + high) / 2.0);
    if (threshold >= high) threshold = low;
    tree.nodes_[id].feature = split.feature;
    tree.nodes_[id].threshold = threshold;

    NodeStats(rows.subspan(p.begin, mid - p.begin), &left_stats);
    NodeStats(rows.subspan(mid, p.end - mid), &right_stats);
    if (importances != nullptr) {
      const auto weight_of = [&](const std::vector<double>& st) {
        return target.class_ids != nullptr ? std::accumulate(st.begin(), st.end(), 0.0) : st[0];
      };
      (*importances)[split.feature] += weight_of(p.stats) * impurity -
                                       weight_of(left_stats) * Impurity(left_stats) -
                                       weight_of(right_stats) * Impurity(right_stats);
    }
    // Right pushed first so the left subtree is grown (and numbered) first.
    stack.push_back({mid, p.end, p.depth + 1, id, false, right_stats});
    stack.push_back({p.begin, mid, p.depth + 1, id, true, left_stats});
  }
  return tree;
}

}  // namespace optiscope

namespace optiscope {

int MaxFeatures::Resolve(int num_features) const {
  double count = num_features;
  switch (kind) {
    case Kind::kAll:
      count = num_features;
      break;
    case Kind::kSqrt:
      count = std::floor(std::sqrt(static_cast<double>(num_features)));
      break;
    case Kind::kLog2:
      count = std::floor(std::log2(static_cast<double>(num_features)));
      break;
    case Kind::kFraction:
      count = std::floor(value * num_features);
      break;
    case Kind::kCount:
      count = value;
      break;
  }
  return static_cast<int>(std::clamp(count, 1.0, static_cast<double>(num_features)));
}

}  // namespace optiscope
