// Density-preserving thinning of a 2-D point cloud for drawing: which points of a projection to
// draw when there are more than a chart can show fluidly.
#pragma once

#include <span>
#include <vector>

namespace optiscope {

// The indices (ascending) of at most `max_points` of the n = xy.size()/2 points (xy = x0 y0 x1
// y1 ...), grouped by `groups` (one id per point, e.g. the class; empty: one group). Every group
// keeps up to max_points / (10 * groups) points (at least one), and the rest of the budget is
// shared in proportion to the points the groups have left. Within a group
// the bounding box is cut into a 64 x 64 grid and each occupied cell keeps max(1,
// floor(count * rate)) of its points, evenly spread in row order, with the largest rate that fits
// the group's share: dense areas thin out in proportion (the density picture stays), and isolated
// points (outliers) survive. If a group has more occupied cells than its share, it falls back to
// an even stride. All points when n <= max_points; one point per group when there are more groups
// than max_points. Deterministic. REQUIRES: max_points >= 1.
std::vector<int> ThinPoints(std::span<const float> xy, std::span<const int> groups, int max_points);

}  // namespace optiscope
