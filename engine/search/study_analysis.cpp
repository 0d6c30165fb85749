#include "engine/search/study_analysis.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace optiscope {

std::vector<double> BestSoFar(std::span<const double> values, Direction direction) {
  std::vector<double> best(values.size(), std::numeric_limits<double>::quiet_NaN());
  double current = std::numeric_limits<double>::quiet_NaN();
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (!std::isnan(v) && (std::isnan(current) || IsBetter(v, current, direction))) current = v;
    best[i] = current;
  }
  return best;
}

std::vector<int> ParetoFront2(std::span<const ObjectivePoint> points, Direction first,
                              Direction second) {
  // Work with losses (smaller is better) in both coordinates.
  std::vector<int> order;
  order.reserve(points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    if (!std::isnan(points[i].first) && !std::isnan(points[i].second)) {
      order.push_back(static_cast<int>(i));
    }
  }
  auto loss1 = [&](int i) { return AsLoss(points[i].first, first); };
  auto loss2 = [&](int i) { return AsLoss(points[i].second, second); };
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (loss1(a) != loss1(b)) return loss1(a) < loss1(b);
    if (loss2(a) != loss2(b)) return loss2(a) < loss2(b);
    return a < b;
  });
  std::vector<int> front;
  double best2 = std::numeric_limits<double>::infinity();
  double last1 = std::numeric_limits<double>::quiet_NaN();
  double last2 = std::numeric_limits<double>::quiet_NaN();
  for (int i : order) {
    const double l1 = loss1(i);
    const double l2 = loss2(i);
    // Sorted by (l1, l2): i is dominated iff an earlier point has l2' < l2, or l2' == l2 with
    // l1' < l1. An exact duplicate of the last front point is kept.
    const bool duplicate = !front.empty() && l1 == last1 && l2 == last2;
    if (l2 < best2 || duplicate) {
      front.push_back(i);
      best2 = std::min(best2, l2);
      last1 = l1;
      last2 = l2;
    }
  }
  return front;
}

EmpiricalDistribution EmpiricalCdf(std::span<const double> values) {
  EmpiricalDistribution edf;
  for (double v : values) {
    if (std::isfinite(v)) edf.x.push_back(v);
  }
  std::sort(edf.x.begin(), edf.x.end());
  const double n = static_cast<double>(edf.x.size());
  edf.y.resize(edf.x.size());
  for (size_t i = 0; i < edf.x.size(); ++i) edf.y[i] = static_cast<double>(i + 1) / n;
  return edf;
}

}  // namespace optiscope
