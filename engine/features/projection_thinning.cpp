#include "engine/features/projection_thinning.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace optiscope {
namespace {

constexpr int kGrid = 64;

// Evenly spread `keep` of the `members` (keep <= members.size()) into *out.
void KeepEvenly(const std::vector<int>& members, long long keep, std::vector<int>* out) {
  const long long m = static_cast<long long>(members.size());
  for (long long j = 0; j < keep; ++j) out->push_back(members[(j * m) / keep]);
}

// Thins one group (point indices `members`) to at most `budget` points.
void ThinGroup(std::span<const float> xy, const std::vector<int>& members, long long budget,
               std::vector<int>* out) {
  const long long m = static_cast<long long>(members.size());
  if (m <= budget) {
    out->insert(out->end(), members.begin(), members.end());
    return;
  }
  float x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (int i : members) {
    const float x = xy[2 * i], y = xy[2 * i + 1];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
  }
  std::map<int, std::vector<int>> cells;  // cell -> its points in index order
  for (int i : members) {
    const float x = xy[2 * i], y = xy[2 * i + 1];
    int cell = -1;  // non-finite points share one cell
    if (std::isfinite(x) && std::isfinite(y)) {
      const int cx =
          x1 > x0 ? std::min(kGrid - 1, static_cast<int>((x - x0) / (x1 - x0) * kGrid)) : 0;
      const int cy =
          y1 > y0 ? std::min(kGrid - 1, static_cast<int>((y - y0) / (y1 - y0) * kGrid)) : 0;
      cell = cy * kGrid + cx;
    }
    cells[cell].push_back(i);
  }
  if (static_cast<long long>(cells.size()) > budget) {
    KeepEvenly(members, budget, out);
    return;
  }
  auto kept = [&](double rate) {
    long long total = 0;
    for (const auto& [cell, pts] : cells) {
      total += std::max<long long>(1, static_cast<long long>(std::floor(pts.size() * rate)));
    }
    return total;
  };
  double lo = 0.0, hi = 1.0;  // kept(lo) <= budget < kept(hi)
  for (int iter = 0; iter < 50; ++iter) {
    const double mid = 0.5 * (lo + hi);
    (kept(mid) <= budget ? lo : hi) = mid;
  }
  std::vector<int> chosen;
  for (const auto& [cell, pts] : cells) {
    const long long keep =
        std::max<long long>(1, static_cast<long long>(std::floor(pts.size() * lo)));
    KeepEvenly(pts, keep, &chosen);
  }
  out->insert(out->end(), chosen.begin(), chosen.end());
}

}  // namespace

std::vector<int> ThinPoints(std::span<const float> xy, std::span<const int> groups,
                            int max_points) {
  const long long n = static_cast<long long>(xy.size() / 2);
  std::vector<int> out;
  if (n <= max_points) {
    out.resize(n);
    for (long long i = 0; i < n; ++i) out[i] = static_cast<int>(i);
    return out;
  }
  std::map<int, std::vector<int>> by_group;
  for (long long i = 0; i < n; ++i) {
    const int g = groups.size() == static_cast<size_t>(n) ? groups[i] : 0;
    by_group[g].push_back(static_cast<int>(i));
  }
  // Every group first reserves up to max_points / (10 * groups) of its points (small classes stay
  // visible), the rest of the budget is shared in proportion to the points left.
  const long long num_groups = static_cast<long long>(by_group.size());
  const long long floor_share = std::max<long long>(1, max_points / (10 * num_groups));
  long long reserved = 0, left = 0;
  for (const auto& [g, members] : by_group) {
    const long long r = std::min<long long>(static_cast<long long>(members.size()), floor_share);
    reserved += r;
    left += static_cast<long long>(members.size()) - r;
  }
  const long long rest = std::max<long long>(0, max_points - reserved);
  for (const auto& [g, members] : by_group) {
    const long long m = static_cast<long long>(members.size());
    const long long r = std::min<long long>(m, floor_share);
    const long long extra = left > 0 ? (rest * (m - r)) / left : 0;
    ThinGroup(xy, members, std::min<long long>(m, r + extra), &out);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace optiscope
