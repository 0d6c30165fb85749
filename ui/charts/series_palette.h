// The one palette of series colours: a trial, optimizer or split keeps its colour in every chart.
#pragma once

#include <QColor>

namespace optiscope::ui {

// The i-th series colour (cycles). Chosen to stay readable on light and dark backgrounds.
QColor SeriesColor(int index);

// Fixed roles used by the training charts.
inline constexpr int kTrainSeries = 0;
inline constexpr int kValidationSeries = 1;

}  // namespace optiscope::ui
