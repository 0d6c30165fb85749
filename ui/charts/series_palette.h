// The one palette of series colours: a trial, optimizer or split keeps its colour in every chart.
#pragma once

#include <QColor>
#include <initializer_list>

class QChart;
class QPalette;
class QAbstractAxis;

namespace optiscope::ui {

// The i-th series colour (cycles). Chosen to stay readable on light and dark backgrounds.
QColor SeriesColor(int index);

// Gives `chart` the light or dark theme of `palette` (by its window colour) and the palette's
// base, text and window-text colours for the background, title, legend and `axes`.
void ApplyChartPalette(QChart* chart, const QPalette& palette,
                       std::initializer_list<QAbstractAxis*> axes);

// Fixed roles used by the training charts.
inline constexpr int kTrainSeries = 0;
inline constexpr int kValidationSeries = 1;

}  // namespace optiscope::ui
