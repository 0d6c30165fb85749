#include "engine/data/splits.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "engine/core/rng.h"

namespace optiscope {
namespace {

// Row indices grouped by class (classes in increasing label order), each group in input order.
std::vector<std::vector<int>> GroupByClass(std::span<const Scalar> labels) {
  std::map<Scalar, std::vector<int>> groups;
  for (size_t i = 0; i < labels.size(); ++i) groups[labels[i]].push_back(static_cast<int>(i));
  std::vector<std::vector<int>> out;
  for (auto& [label, rows] : groups) out.push_back(std::move(rows));
  return out;
}

// Splits `total` among groups in proportion to `sizes` (largest remainder; ties to the earlier
// group), never giving a group more than `caps`.
std::vector<int> Apportion(int total, const std::vector<int>& sizes, const std::vector<int>& caps) {
  const int n = std::accumulate(sizes.begin(), sizes.end(), 0);
  std::vector<int> share(sizes.size(), 0);
  if (n == 0 || total <= 0) return share;
  std::vector<std::pair<double, size_t>> remainders;
  int given = 0;
  for (size_t g = 0; g < sizes.size(); ++g) {
    const double ideal = static_cast<double>(total) * sizes[g] / n;
    share[g] = std::min(caps[g], static_cast<int>(std::floor(ideal)));
    given += share[g];
    remainders.push_back({ideal - std::floor(ideal), g});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  while (given < total) {
    bool progress = false;
    for (const auto& [rem, g] : remainders) {
      if (given == total) break;
      if (share[g] < caps[g]) {
        ++share[g];
        ++given;
        progress = true;
      }
    }
    if (!progress) break;
  }
  return share;
}

}  // namespace

Result<HoldoutSplit> MakeHoldoutSplit(int n, const HoldoutOptions& options,
                                      std::span<const Scalar> labels) {
  const double vf = options.validation_fraction, tf = options.test_fraction;
  if (!(vf >= 0.0) || !(tf >= 0.0)) {
    return Status::InvalidArgument("validation and test fractions must be >= 0");
  }
  if (vf + tf >= 1.0) {
    return Status::InvalidArgument("validation and test fractions must sum to less than 1");
  }
  if (!labels.empty() && static_cast<int>(labels.size()) != n) {
    return Status::InvalidArgument("split labels: expected " + std::to_string(n) + ", got " +
                                   std::to_string(labels.size()));
  }
  const int n_test = static_cast<int>(std::lround(n * tf));
  const int n_val = static_cast<int>(std::lround(n * vf));
  if (n - n_test - n_val < 1) {
    return Status::InvalidArgument("the split leaves no training rows (" + std::to_string(n) +
                                   " rows)");
  }
  Rng rng(options.seed);
  HoldoutSplit split;
  if (labels.empty() || !options.stratify) {
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    rng.Shuffle(order);
    split.test.assign(order.begin(), order.begin() + n_test);
    split.validation.assign(order.begin() + n_test, order.begin() + n_test + n_val);
    split.train.assign(order.begin() + n_test + n_val, order.end());
    return split;
  }
  std::vector<std::vector<int>> groups = GroupByClass(labels);
  std::vector<int> sizes;
  for (std::vector<int>& g : groups) {
    rng.Shuffle(g);
    sizes.push_back(static_cast<int>(g.size()));
  }
  const std::vector<int> test = Apportion(n_test, sizes, sizes);
  std::vector<int> left(sizes.size());
  for (size_t g = 0; g < sizes.size(); ++g) left[g] = sizes[g] - test[g];
  const std::vector<int> val = Apportion(n_val, sizes, left);
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto& rows = groups[g];
    split.test.insert(split.test.end(), rows.begin(), rows.begin() + test[g]);
    split.validation.insert(split.validation.end(), rows.begin() + test[g],
                            rows.begin() + test[g] + val[g]);
    split.train.insert(split.train.end(), rows.begin() + test[g] + val[g], rows.end());
  }
  rng.Shuffle(split.train);
  rng.Shuffle(split.validation);
  rng.Shuffle(split.test);
  return split;
}

namespace {

// Folds from a fold id per row: validation = rows of the fold, train = the others (ascending).
std::vector<Fold> FoldsFromAssignment(const std::vector<int>& fold_of, int k) {
  std::vector<Fold> folds(k);
  for (size_t i = 0; i < fold_of.size(); ++i) {
    for (int f = 0; f < k; ++f) {
      (f == fold_of[i] ? folds[f].validation : folds[f].train).push_back(static_cast<int>(i));
    }
  }
  return folds;
}

}  // namespace

Result<std::vector<Fold>> MakeKFold(int n, int k, uint64_t seed) {
  if (k < 2 || k > n) {
    return Status::InvalidArgument("k-fold needs 2 <= k <= rows (k = " + std::to_string(k) +
                                   ", rows = " + std::to_string(n) + ")");
  }
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed);
  rng.Shuffle(order);
  std::vector<int> fold_of(n);
  int pos = 0;
  for (int f = 0; f < k; ++f) {
    const int size = n / k + (f < n % k ? 1 : 0);
    for (int i = 0; i < size; ++i) fold_of[order[pos++]] = f;
  }
  return FoldsFromAssignment(fold_of, k);
}

Result<std::vector<Fold>> MakeStratifiedKFold(std::span<const Scalar> labels, int k,
                                              uint64_t seed) {
  const int n = static_cast<int>(labels.size());
  if (k < 2 || k > n) {
    return Status::InvalidArgument("stratified k-fold needs 2 <= k <= rows (k = " +
                                   std::to_string(k) + ", rows = " + std::to_string(n) + ")");
  }
  // Shuffle within each class, lay the classes end to end and deal the rows to the folds in
  // turn: every fold gets floor or ceil of each class's share, and fold sizes differ by <= 1.
  Rng rng(seed);
  std::vector<int> fold_of(n);
  int dealt = 0;
  for (std::vector<int>& group : GroupByClass(labels)) {
    rng.Shuffle(group);
    for (int row : group) fold_of[row] = dealt++ % k;
  }
  return FoldsFromAssignment(fold_of, k);
}

}  // namespace optiscope
