#include "ui/charts/chart_export.h"

#include <QBuffer>
#include <QPainter>
#include <QPixmap>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QWidget>

namespace optiscope::ui {

bool SaveBytesAtomically(const QString& path, const QByteArray& data, QString* error) {
  // QSaveFile writes a temporary file in the same folder, syncs it and renames it over `path`
  // on commit(), so a crash or a full disk never leaves half an export behind.
  QSaveFile file(path);
  const bool ok =
      file.open(QIODevice::WriteOnly) && file.write(data) == data.size() && file.commit();
  if (!ok && error != nullptr) *error = file.errorString();
  return ok;
}

bool SaveWidgetPng(QWidget* widget, const QString& path) {
  QByteArray png;
  QBuffer buffer(&png);
  buffer.open(QIODevice::WriteOnly);
  if (!widget->grab().save(&buffer, "PNG")) return false;
  return SaveBytesAtomically(path, png);
}

bool SaveWidgetSvg(QWidget* widget, const QString& path, const QString& title) {
  QByteArray svg;
  QBuffer buffer(&svg);
  buffer.open(QIODevice::WriteOnly);
  QSvgGenerator generator;
  generator.setOutputDevice(&buffer);
  generator.setSize(widget->size());
  generator.setViewBox(QRect(QPoint(0, 0), widget->size()));
  generator.setTitle(title);
  generator.setDescription(QStringLiteral("Exported from Optiscope"));
  QPainter painter;
  if (!painter.begin(&generator)) return false;
  widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
  painter.end();
  return SaveBytesAtomically(path, svg);
}

}  // namespace optiscope::ui
