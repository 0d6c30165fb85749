#include "ui/charts/decimate.h"

#include <algorithm>

namespace optiscope::ui {

QList<QPointF> DecimateMinMax(const QList<QPointF>& points, int max_buckets) {
  const qsizetype n = points.size();
  if (n <= 2 * static_cast<qsizetype>(max_buckets) || n < 3) return points;
  QList<QPointF> out;
  out.reserve(2 * max_buckets + 2);
  out.append(points.front());
  // Interior points [1, n-1) split into max_buckets buckets.
  const qsizetype interior = n - 2;
  for (int b = 0; b < max_buckets; ++b) {
    const qsizetype begin = 1 + interior * b / max_buckets;
    const qsizetype end = 1 + interior * (b + 1) / max_buckets;
    if (begin >= end) continue;
    qsizetype lo = begin, hi = begin;
    for (qsizetype i = begin + 1; i < end; ++i) {
      if (points[i].y() < points[lo].y()) lo = i;
      if (points[i].y() > points[hi].y()) hi = i;
    }
    out.append(points[std::min(lo, hi)]);
    if (lo != hi) out.append(points[std::max(lo, hi)]);
  }
  out.append(points.back());
  return out;
}

}  // namespace optiscope::ui
