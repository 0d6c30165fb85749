#include "ui/charts/chart_export.h"

#include <QFile>
#include <QPainter>
#include <QSvgGenerator>
#include <QWidget>

namespace optiscope::ui {

bool SaveWidgetPng(QWidget* widget, const QString& path) {
  return widget->grab().save(path, "PNG");
}

bool SaveWidgetSvg(QWidget* widget, const QString& path, const QString& title) {
  QFile file(path);
  if (!file.open(QIODevice::WriteOnly)) return false;
  QSvgGenerator generator;
  generator.setOutputDevice(&file);
  generator.setSize(widget->size());
  generator.setViewBox(QRect(QPoint(0, 0), widget->size()));
  generator.setTitle(title);
  generator.setDescription(QStringLiteral("Exported from Optiscope"));
  QPainter painter;
  if (!painter.begin(&generator)) return false;
  widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
  painter.end();
  file.close();
  return file.error() == QFile::NoError;
}

}  // namespace optiscope::ui
