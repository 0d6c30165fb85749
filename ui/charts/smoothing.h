// Display smoothing for noisy curves: the exponential moving average TensorBoard's slider applies.
#pragma once

#include <QList>
#include <QPointF>

namespace optiscope::ui {

// `points` (in x order) with each y replaced by the debiased exponential moving average of the
// y values up to it: s_n = w*s_(n-1) + (1-w)*y_n from s_0 = 0, divided by 1 - w^n so the first
// points are not pulled toward zero. `weight` w in [0, 1): 0 returns the points unchanged; values
// outside are clamped to [0, 0.999]. Non-finite y values are kept as they are and skipped by the
// average. A display transformation only: the chart's data, CSV and hover values stay raw.
QList<QPointF> SmoothEma(const QList<QPointF>& points, double weight);

}  // namespace optiscope::ui
