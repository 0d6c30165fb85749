#include "ui/charts/smoothing.h"

#include <algorithm>
#include <cmath>

namespace optiscope::ui {

QList<QPointF> SmoothEma(const QList<QPointF>& points, double weight) {
  const double w = std::clamp(weight, 0.0, 0.999);
  if (w <= 0.0) return points;
  QList<QPointF> out;
  out.reserve(points.size());
  double average = 0.0;
  double bias = 1.0;  // w^n
  for (const QPointF& p : points) {
    if (!std::isfinite(p.y())) {
      out.append(p);
      continue;
    }
    average = w * average + (1.0 - w) * p.y();
    bias *= w;
    out.append(QPointF(p.x(), average / (1.0 - bias)));
  }
  return out;
}

}  // namespace optiscope::ui
