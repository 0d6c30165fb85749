// Exports any widget (a chart, a painted panel, a whole view) as a PNG or SVG image.
#pragma once

#include <QString>

class QWidget;

namespace optiscope::ui {

// Writes `widget` as it looks now to a PNG file. False when the file cannot be written.
bool SaveWidgetPng(QWidget* widget, const QString& path);
// Writes `widget` as an SVG drawing (QSvgGenerator; vector where the widget paints vectors).
// False when the file cannot be written.
bool SaveWidgetSvg(QWidget* widget, const QString& path, const QString& title);

}  // namespace optiscope::ui
