#include "engine/search/importance.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "engine/core/types.h"
#include "engine/data/dataset.h"
#include "engine/models/classic/random_forest.h"
#include "engine/search/param_transform.h"

namespace optiscope {
namespace {

struct Box {
  std::vector<double> low, high;
};

struct Leaf {
  Box box;
  double value;
};

void CollectLeaves(const Tree& tree, int node, Box box, std::vector<Leaf>* leaves) {
  const Tree::Node& nd = tree.node(node);
  if (nd.feature < 0) {
    leaves->push_back({std::move(box), static_cast<double>(tree.Value(node)[0])});
    return;
  }
  Box left = box, right = std::move(box);
  const double t = nd.threshold;
  left.high[nd.feature] = std::min(left.high[nd.feature], t);
  right.low[nd.feature] = std::max(right.low[nd.feature], t);
  CollectLeaves(tree, nd.left, std::move(left), leaves);
  CollectLeaves(tree, nd.right, std::move(right), leaves);
}

double Width(const Box& b, int f) { return std::max(0.0, b.high[f] - b.low[f]); }

// The variance, over the space, of one tree's marginal prediction for the group of columns `cols`
// (Hutter et al. 2014, fANOVA): the columns' split points define a grid of cells; in each cell the
// marginal is the sum of the covering leaves' values weighted by their volume outside the group.
double MarginalVariance(const std::vector<Leaf>& leaves, const std::vector<int>& cols,
                        const std::vector<double>& col_low, const std::vector<double>& col_high) {
  const int d = static_cast<int>(col_low.size());
  // Split points of the group's columns define a grid of cells.
  std::vector<std::vector<double>> edges(cols.size());
  for (size_t c = 0; c < cols.size(); ++c) {
    std::set<double> pts = {col_low[cols[c]], col_high[cols[c]]};
    for (const Leaf& leaf : leaves) {
      for (double v : {leaf.box.low[cols[c]], leaf.box.high[cols[c]]}) {
        if (v > col_low[cols[c]] && v < col_high[cols[c]]) pts.insert(v);
      }
    }
    edges[c].assign(pts.begin(), pts.end());
  }
  // Leaf weight outside the group: its volume fraction over the other columns.
  std::vector<double> other(leaves.size(), 1.0);
  for (size_t l = 0; l < leaves.size(); ++l) {
    for (int f = 0; f < d; ++f) {
      if (std::find(cols.begin(), cols.end(), f) != cols.end()) continue;
      other[l] *= Width(leaves[l].box, f) / (col_high[f] - col_low[f]);
    }
  }
  std::vector<size_t> idx(cols.size(), 0);
  double m_mean = 0, m_sq = 0;
  while (true) {
    double weight = 1.0;
    std::vector<double> mid(cols.size());
    for (size_t c = 0; c < cols.size(); ++c) {
      const double lo = edges[c][idx[c]], hi = edges[c][idx[c] + 1];
      weight *= (hi - lo) / (col_high[cols[c]] - col_low[cols[c]]);
      mid[c] = 0.5 * (lo + hi);
    }
    double marginal = 0;
    for (size_t l = 0; l < leaves.size(); ++l) {
      bool inside = true;
      for (size_t c = 0; c < cols.size() && inside; ++c) {
        inside = mid[c] >= leaves[l].box.low[cols[c]] && mid[c] <= leaves[l].box.high[cols[c]];
      }
      if (inside) marginal += other[l] * leaves[l].value;
    }
    m_mean += weight * marginal;
    m_sq += weight * marginal * marginal;
    size_t c = 0;
    for (; c < cols.size(); ++c) {
      if (++idx[c] + 1 < edges[c].size()) break;
      idx[c] = 0;
    }
    if (c == cols.size()) break;
  }
  return std::max(0.0, m_sq - m_mean * m_mean);
}

}  // namespace

Result<std::vector<ParamImportance>> FanovaImportance(const SearchSpace& space,
                                                      std::span<const FrozenTrial> history,
                                                      const FanovaOptions& options) {
  std::vector<const FrozenTrial*> trials;
  for (const FrozenTrial* t : TrialsInSpace(space, history)) {
    if (t->IsComplete() && std::isfinite(t->values[0])) trials.push_back(t);
  }
  if (trials.size() < 2) {
    return Status::InvalidArgument("importance needs at least 2 complete trials, got " +
                                   std::to_string(trials.size()));
  }
  // Parameters set in every complete trial, and their feature columns.
  std::vector<int> params;
  for (int i = 0; i < space.size(); ++i) {
    const std::string& name = space.params()[i].name;
    if (std::all_of(trials.begin(), trials.end(),
                    [&](const FrozenTrial* t) { return t->params.count(name) > 0; })) {
      params.push_back(i);
    }
  }
  if (params.empty()) {
    return Status::InvalidArgument("importance: no parameter is set in every complete trial");
  }
  std::vector<std::vector<int>> groups;  // columns of each parameter
  std::vector<double> col_low, col_high;
  for (int i : params) {
    const ParamSpec& p = space.params()[i];
    std::vector<int> cols;
    const int k = p.IsCategorical() ? p.NumChoices() : 1;
    for (int c = 0; c < k; ++c) {
      cols.push_back(static_cast<int>(col_low.size()));
      col_low.push_back(p.IsCategorical() ? 0.0 : p.low);
      col_high.push_back(p.IsCategorical() ? 1.0 : p.high);
    }
    groups.push_back(std::move(cols));
  }
  const int n = static_cast<int>(trials.size()), d = static_cast<int>(col_low.size());
  Mat X = Mat::Zero(n, d);
  Vec y(n);
  for (int r = 0; r < n; ++r) {
    for (size_t g = 0; g < params.size(); ++g) {
      const ParamSpec& p = space.params()[params[g]];
      const double v = trials[r]->params.at(p.name);
      if (p.IsCategorical()) {
        X(r, groups[g][static_cast<int>(v)]) = 1.0f;
      } else {
        X(r, groups[g][0]) = static_cast<Scalar>(v);
      }
    }
    y[r] = static_cast<Scalar>(trials[r]->values[0]);
  }
  RandomForestOptions rf;
  rf.n_estimators = options.n_trees;
  rf.max_depth = options.max_depth;
  rf.min_samples_split = options.min_samples_split;
  rf.min_samples_leaf = options.min_samples_leaf;
  rf.seed = options.seed;
  rf.n_threads = 1;
  RandomForest forest(rf);
  OPTISCOPE_RETURN_IF_ERROR(forest.Fit(X, y, TaskKind::kRegression, 0));

  std::vector<double> total(params.size(), 0.0);
  int used_trees = 0;
  for (const Tree& tree : forest.trees()) {
    std::vector<Leaf> leaves;
    CollectLeaves(tree, 0, Box{col_low, col_high}, &leaves);
    // Fraction of the space each leaf covers.
    std::vector<double> size(leaves.size(), 1.0);
    for (size_t l = 0; l < leaves.size(); ++l) {
      for (int f = 0; f < d; ++f) size[l] *= Width(leaves[l].box, f) / (col_high[f] - col_low[f]);
    }
    double mean = 0, var = 0;
    for (size_t l = 0; l < leaves.size(); ++l) mean += size[l] * leaves[l].value;
    for (size_t l = 0; l < leaves.size(); ++l) {
      var += size[l] * (leaves[l].value - mean) * (leaves[l].value - mean);
    }
    if (!(var > 1e-300)) continue;
    ++used_trees;
    for (size_t g = 0; g < groups.size(); ++g) {
      total[g] += MarginalVariance(leaves, groups[g], col_low, col_high) / var;
    }
  }
  std::vector<ParamImportance> out;
  double sum = 0;
  for (double v : total) sum += v;
  for (size_t g = 0; g < params.size(); ++g) {
    out.push_back({space.params()[params[g]].name,
                   (used_trees > 0 && sum > 0) ? total[g] / sum : 0.0});
  }
  std::stable_sort(out.begin(), out.end(), [](const ParamImportance& a, const ParamImportance& b) {
    return a.importance > b.importance;
  });
  return out;
}

}  // namespace optiscope
