#include "engine/data/association.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

#include "engine/core/types.h"

namespace optiscope {
namespace {

// One occurring cell of the contingency table of two label columns and its count.
struct AssociationCell {
  int32_t a = 0;
  int32_t b = 0;
  int64_t count = 0;
};

// The cells that occur, ordered by (a, b): sorting packed keys keeps memory at one word per row
// however many levels the columns have (an identifier column has as many as rows).
std::vector<AssociationCell> AssociationCells(std::span<const int32_t> a,
                                              std::span<const int32_t> b, int levels_b) {
  assert(a.size() == b.size());
  std::vector<uint64_t> keys(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    keys[i] = static_cast<uint64_t>(a[i]) * static_cast<uint64_t>(levels_b) +
              static_cast<uint64_t>(b[i]);
  }
  std::sort(keys.begin(), keys.end());
  std::vector<AssociationCell> cells;
  for (size_t i = 0; i < keys.size();) {
    size_t j = i;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    cells.push_back({static_cast<int32_t>(keys[i] / static_cast<uint64_t>(levels_b)),
                     static_cast<int32_t>(keys[i] % static_cast<uint64_t>(levels_b)),
                     static_cast<int64_t>(j - i)});
    i = j;
  }
  return cells;
}

}  // namespace

double PearsonCorrelation(std::span<const double> x, std::span<const double> y) {
  assert(x.size() == y.size());
  const size_t n = x.size();
  if (n < 2) return kNaN;
  double mean_x = 0, mean_y = 0;
  for (size_t i = 0; i < n; ++i) {
    mean_x += x[i];
    mean_y += y[i];
  }
  mean_x /= static_cast<double>(n);
  mean_y /= static_cast<double>(n);
  double sxx = 0, syy = 0, sxy = 0;
  for (size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mean_x;
    const double dy = y[i] - mean_y;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return kNaN;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

double CorrelationRatio(std::span<const int32_t> groups, int num_groups,
                        std::span<const double> values) {
  assert(groups.size() == values.size());
  const size_t n = values.size();
  if (n < 2 || num_groups < 1) return kNaN;
  std::vector<double> sums(static_cast<size_t>(num_groups), 0.0);
  std::vector<int64_t> counts(static_cast<size_t>(num_groups), 0);
  double mean = 0;
  for (size_t i = 0; i < n; ++i) mean += values[i];
  mean /= static_cast<double>(n);
  double total = 0;
  for (size_t i = 0; i < n; ++i) {
    const double d = values[i] - mean;
    total += d * d;
    // Deviations from the overall mean keep the group sums small (no cancellation below).
    sums[static_cast<size_t>(groups[i])] += d;
    ++counts[static_cast<size_t>(groups[i])];
  }
  if (!(total > 0)) return kNaN;
  double between = 0;
  for (size_t g = 0; g < sums.size(); ++g) {
    if (counts[g] > 0) between += sums[g] * sums[g] / static_cast<double>(counts[g]);
  }
  return std::sqrt(std::clamp(between / total, 0.0, 1.0));
}

double CramersV(std::span<const int32_t> a, int levels_a, std::span<const int32_t> b,
                int levels_b) {
  if (a.empty() || levels_a < 1 || levels_b < 1) return kNaN;
  std::vector<int64_t> count_a(static_cast<size_t>(levels_a), 0);
  std::vector<int64_t> count_b(static_cast<size_t>(levels_b), 0);
  for (size_t i = 0; i < a.size(); ++i) {
    ++count_a[static_cast<size_t>(a[i])];
    ++count_b[static_cast<size_t>(b[i])];
  }
  const auto present = [](const std::vector<int64_t>& c) {
    return std::count_if(c.begin(), c.end(), [](int64_t k) { return k > 0; });
  };
  const auto r = present(count_a);
  const auto c = present(count_b);
  if (r < 2 || c < 2) return kNaN;
  double phi2 = -1.0;  // chi² / n
  for (const AssociationCell& cell : AssociationCells(a, b, levels_b)) {
    const double nab = static_cast<double>(cell.count);
    phi2 += nab * nab /
            (static_cast<double>(count_a[static_cast<size_t>(cell.a)]) *
             static_cast<double>(count_b[static_cast<size_t>(cell.b)]));
  }
  const double v = phi2 / static_cast<double>(std::min(r, c) - 1);
  return std::sqrt(std::clamp(v, 0.0, 1.0));
}

MajorityAgreement MajorityAgreementOf(std::span<const int32_t> a, int levels_a,
                                      std::span<const int32_t> b, int levels_b) {
  MajorityAgreement out;
  if (a.empty() || levels_a < 1 || levels_b < 1) return out;
  std::vector<int64_t> best_a(static_cast<size_t>(levels_a), 0);  // largest cell of each a
  std::vector<int64_t> best_b(static_cast<size_t>(levels_b), 0);  // largest cell of each b
  for (const AssociationCell& cell : AssociationCells(a, b, levels_b)) {
    int64_t& ba = best_a[static_cast<size_t>(cell.a)];
    int64_t& bb = best_b[static_cast<size_t>(cell.b)];
    ba = std::max(ba, cell.count);
    bb = std::max(bb, cell.count);
  }
  int64_t hits_a = 0, hits_b = 0;
  for (int64_t k : best_a) hits_a += k;
  for (int64_t k : best_b) hits_b += k;
  const double n = static_cast<double>(a.size());
  out.a_to_b = static_cast<double>(hits_a) / n;
  out.b_to_a = static_cast<double>(hits_b) / n;
  return out;
}

}  // namespace optiscope
