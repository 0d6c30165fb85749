#include "engine/search/multi_objective.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace optiscope::mo {
namespace {

using Points = std::vector<std::vector<double>>;

// Hypervolume of `pts` (all strictly inside `ref`) over their first `d` coordinates.
double HvRec(Points pts, const std::vector<double>& ref, int d) {
  if (pts.empty()) return 0.0;
  if (d == 1) {
    double lo = ref[0];
    for (const auto& p : pts) lo = std::min(lo, p[0]);
    return ref[0] - lo;
  }
  if (d == 2) {
    std::sort(pts.begin(), pts.end(), [](const auto& a, const auto& b) {
      return a[0] != b[0] ? a[0] < b[0] : a[1] < b[1];
    });
    double hv = 0.0, prev_y = ref[1];
    for (const auto& p : pts) {
      if (p[1] < prev_y) {
        hv += (ref[0] - p[0]) * (prev_y - p[1]);
        prev_y = p[1];
      }
    }
    return hv;
  }
  const int last = d - 1;
  std::sort(pts.begin(), pts.end(), [last](const auto& a, const auto& b) { return a[last] < b[last]; });
  double hv = 0.0;
  Points slice;
  for (size_t i = 0; i < pts.size(); ++i) {
    slice.push_back(pts[i]);
    const double next = i + 1 < pts.size() ? pts[i + 1][last] : ref[last];
    const double depth = next - pts[i][last];
    if (depth > 0) hv += depth * HvRec(slice, ref, d - 1);
  }
  return hv;
}

}  // namespace

std::vector<double> Losses(const std::vector<double>& values,
                           std::span<const Direction> directions) {
  std::vector<double> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) out[i] = AsLoss(values[i], directions[i]);
  return out;
}

bool DominatesLoss(const std::vector<double>& a, const std::vector<double>& b) {
  bool better = false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

std::vector<int> NonDominationRanks(const Points& losses) {
  const int n = static_cast<int>(losses.size());
  std::vector<int> dominated_by(n, 0), rank(n, -1);
  std::vector<std::vector<int>> dominates(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (i != j && DominatesLoss(losses[i], losses[j])) {
        dominates[i].push_back(j);
        ++dominated_by[j];
      }
    }
  }
  std::vector<int> front;
  for (int i = 0; i < n; ++i) {
    if (dominated_by[i] == 0) front.push_back(i);
  }
  for (int r = 0; !front.empty(); ++r) {
    std::vector<int> next;
    for (int i : front) {
      rank[i] = r;
      for (int j : dominates[i]) {
        if (--dominated_by[j] == 0) next.push_back(j);
      }
    }
    front = std::move(next);
  }
  return rank;
}

std::vector<double> CrowdingDistance(const Points& losses) {
  const int n = static_cast<int>(losses.size());
  std::vector<double> dist(n, 0.0);
  if (n == 0) return dist;
  const double inf = std::numeric_limits<double>::infinity();
  for (size_t m = 0; m < losses[0].size(); ++m) {
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return losses[a][m] < losses[b][m]; });
    const double lo = losses[order.front()][m], hi = losses[order.back()][m];
    if (lo == hi) continue;
    double width = hi - lo;
    if (!(width > 0) || !std::isfinite(width)) width = 1.0;
    for (int k = 0; k < n; ++k) {
      const double below = k > 0 ? losses[order[k - 1]][m] : -inf;
      const double above = k + 1 < n ? losses[order[k + 1]][m] : inf;
      const double gap = below == above ? 0.0 : above - below;
      dist[order[k]] += gap / width;
    }
  }
  return dist;
}

double Hypervolume(const Points& points, const std::vector<double>& reference) {
  Points inside;
  for (const auto& p : points) {
    bool ok = p.size() == reference.size();
    for (size_t i = 0; ok && i < p.size(); ++i) ok = p[i] < reference[i];
    if (ok) inside.push_back(p);
  }
  // Drop dominated points: they add nothing and slow the recursion.
  Points front;
  for (size_t i = 0; i < inside.size(); ++i) {
    bool dominated = false;
    for (size_t j = 0; j < inside.size() && !dominated; ++j) {
      dominated = j != i && (DominatesLoss(inside[j], inside[i]) ||
                             (j < i && inside[j] == inside[i]));
    }
    if (!dominated) front.push_back(inside[i]);
  }
  return HvRec(std::move(front), reference, static_cast<int>(reference.size()));
}

std::vector<double> ReferencePoint(const Points& points) {
  std::vector<double> ref;
  if (points.empty()) return ref;
  ref.assign(points[0].size(), -std::numeric_limits<double>::infinity());
  for (const auto& p : points) {
    for (size_t i = 0; i < p.size(); ++i) ref[i] = std::max(ref[i], p[i]);
  }
  for (double& r : ref) {
    r = std::max(1.1 * r, 0.9 * r);
    if (r == 0.0) r = 1e-12;
  }
  return ref;
}

std::vector<int> GreedyHssp(const Points& points, int k, const std::vector<double>& reference) {
  const int n = static_cast<int>(points.size());
  k = std::clamp(k, 0, n);
  std::vector<int> chosen;
  std::vector<bool> used(n, false);
  Points selected;
  double hv_selected = 0.0;
  while (static_cast<int>(chosen.size()) < k) {
    int best = -1;
    double best_gain = -1.0;
    for (int i = 0; i < n; ++i) {
      if (used[i]) continue;
      selected.push_back(points[i]);
      const double gain = Hypervolume(selected, reference) - hv_selected;
      selected.pop_back();
      if (gain > best_gain) {
        best_gain = gain;
        best = i;
      }
    }
    used[best] = true;
    chosen.push_back(best);
    selected.push_back(points[best]);
    hv_selected = Hypervolume(selected, reference);
  }
  return chosen;
}

}  // namespace optiscope::mo
