// Curve decimation for charts: keeps a long curve's shape within a pixel budget.
#pragma once

#include <QList>
#include <QPointF>

namespace optiscope::ui {

// Returns `points` (sorted by x) reduced to at most ~2*max_buckets points: the points are cut into
// max_buckets consecutive buckets and each keeps its minimum and maximum y (in x order), so spikes
// survive. The first and last points are always kept. Returns the input when it is small enough.
// REQUIRES: max_buckets >= 1.
QList<QPointF> DecimateMinMax(const QList<QPointF>& points, int max_buckets);

}  // namespace optiscope::ui
