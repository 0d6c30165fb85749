// Exports any widget (a chart, a painted panel, a whole view) as a PNG or SVG image, and writes
// exported bytes (CSV, images) atomically: the file is either the old one or the whole new one.
#pragma once

#include <QByteArray>
#include <QString>

class QWidget;

namespace optiscope::ui {

// Writes `data` to `path` through a temporary file in the same folder that is synced and renamed
// over `path` (QSaveFile). False, with the reason in *error when given, on any write error.
bool SaveBytesAtomically(const QString& path, const QByteArray& data, QString* error = nullptr);
// Writes `widget` as it looks now to a PNG file, atomically. False when it cannot be written.
bool SaveWidgetPng(QWidget* widget, const QString& path);
// Writes `widget` as an SVG drawing (QSvgGenerator; vector where the widget paints vectors),
// atomically. False when the file cannot be written.
bool SaveWidgetSvg(QWidget* widget, const QString& path, const QString& title);

}  // namespace optiscope::ui
