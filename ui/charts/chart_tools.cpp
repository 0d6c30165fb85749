#include "ui/charts/chart_tools.h"

#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QMenu>
#include <QMouseEvent>
#include <QStringList>
#include <QTableWidget>
#include <QWheelEvent>
#include <QtCharts/QAbstractBarSeries>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSet>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <QtCharts/QXYSeries>
#include <algorithm>
#include <cmath>

#include "ui/charts/chart_export.h"
#include "ui/charts/nice_step.h"

namespace optiscope::ui {

void AddChartExportActions(QMenu* menu, QWidget* target, const QString& file_stem,
                           const QString& title, std::function<QString()> csv) {
  menu->addAction(QObject::tr("Export chart as PNG..."), target, [target, file_stem] {
    const QString path = QFileDialog::getSaveFileName(
        target, QObject::tr("Export chart"), file_stem + ".png", QObject::tr("PNG images (*.png)"));
    if (!path.isEmpty()) SaveWidgetPng(target, path);
  });
  menu->addAction(QObject::tr("Export chart as SVG..."), target, [target, file_stem, title] {
    const QString path =
        QFileDialog::getSaveFileName(target, QObject::tr("Export chart"), file_stem + ".svg",
                                     QObject::tr("SVG drawings (*.svg)"));
    if (!path.isEmpty()) SaveWidgetSvg(target, path, title);
  });
  menu->addAction(QObject::tr("Export data as CSV..."), target, [target, file_stem, csv] {
    const QString path = QFileDialog::getSaveFileName(
        target, QObject::tr("Export data"), file_stem + ".csv", QObject::tr("CSV files (*.csv)"));
    if (!path.isEmpty()) SaveBytesAtomically(path, csv().toUtf8());
  });
  menu->addAction(QObject::tr("Copy data as CSV"), target,
                  [csv] { QApplication::clipboard()->setText(csv()); });
}

void InstallChartExportMenu(QWidget* target, const QString& file_stem, const QString& title,
                            std::function<QString()> csv) {
  target->setContextMenuPolicy(Qt::CustomContextMenu);
  QObject::connect(target, &QWidget::customContextMenuRequested, target,
                   [target, file_stem, title, csv](const QPoint& at) {
                     QMenu menu(target);
                     if (auto* view = qobject_cast<QChartView*>(target)) {
                       menu.addAction(QObject::tr("Reset zoom"), view,
                                      [view] { view->chart()->zoomReset(); });
                       menu.addSeparator();
                     }
                     AddChartExportActions(&menu, target, file_stem, title, csv);
                     menu.exec(target->mapToGlobal(at));
                   });
}

QString CsvCell(QString text) {
  if (text.contains(',') || text.contains('"') || text.contains('\n')) {
    text.replace('"', QStringLiteral("\"\""));
    text = QLatin1Char('"') + text + QLatin1Char('"');
  }
  return text;
}

QString TableToCsv(const QTableWidget* table) {
  QStringList lines;
  QStringList header;
  for (int c = 0; c < table->columnCount(); ++c) {
    const QTableWidgetItem* item = table->horizontalHeaderItem(c);
    header << CsvCell(item ? item->text() : QString());
  }
  lines << header.join(',');
  for (int r = 0; r < table->rowCount(); ++r) {
    QStringList row;
    for (int c = 0; c < table->columnCount(); ++c) {
      const QTableWidgetItem* item = table->item(r, c);
      row << CsvCell(item ? item->text() : QString());
    }
    lines << row.join(',');
  }
  return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString ChartSeriesCsv(const QChart* chart) {
  QString xy;
  QString bars;
  for (QAbstractSeries* series : chart->series()) {
    if (const auto* line = qobject_cast<QXYSeries*>(series)) {
      for (const QPointF& p : line->points()) {
        xy += QStringLiteral("%1,%2,%3\n")
                  .arg(CsvCell(line->name()))
                  .arg(p.x(), 0, 'g', 9)
                  .arg(p.y(), 0, 'g', 9);
      }
    } else if (auto* bar = qobject_cast<QAbstractBarSeries*>(series)) {
      QStringList categories;
      for (QAbstractAxis* axis : bar->attachedAxes()) {
        if (auto* c = qobject_cast<QBarCategoryAxis*>(axis)) categories = c->categories();
      }
      for (const QBarSet* set : bar->barSets()) {
        for (int i = 0; i < set->count(); ++i) {
          const QString category = i < categories.size() ? categories[i] : QString::number(i);
          bars += QStringLiteral("%1,%2,%3\n")
                      .arg(CsvCell(set->label()), CsvCell(category))
                      .arg(set->at(i), 0, 'g', 9);
        }
      }
    }
  }
  QString csv;
  if (!xy.isEmpty()) csv += QStringLiteral("series,x,y\n") + xy;
  if (!bars.isEmpty()) csv += QStringLiteral("series,category,value\n") + bars;
  return csv;
}

QAbstractAxis* NewLossAxis(bool log_scale) {
  QAbstractAxis* out = nullptr;
  if (log_scale) {
    auto* axis = new QLogValueAxis();
    axis->setBase(10.0);
    axis->setLabelFormat("%.3g");
    out = axis;
  } else {
    auto* axis = new QValueAxis();
    axis->setLabelFormat("%.3g");
    out = axis;
  }
  out->setTitleText(log_scale ? QObject::tr("loss (log)") : QObject::tr("loss"));
  return out;
}

void SetMetricAxisRange(QValueAxis* axis, double low, double high) {
  const double span = std::max(high - low, 0.01 * std::max(1.0, std::fabs(high)));
  const double step = NiceStep(span / 4.0);
  double nice_low = std::floor(low / step) * step;
  double nice_high = std::ceil(high / step) * step;
  if (nice_high <= nice_low) nice_high = nice_low + step;
  if (low >= 0.0 && high <= 1.0) {
    nice_low = std::max(nice_low, 0.0);
    nice_high = std::min(nice_high, 1.0);
    if (nice_high <= nice_low) nice_low = nice_high - step;
  }
  axis->setRange(nice_low, nice_high);
  axis->setTickCount(static_cast<int>(std::lround((nice_high - nice_low) / step)) + 1);
}

ChartNavigator::ChartNavigator(QChartView* view) : QObject(view), view_(view) {
  view->viewport()->installEventFilter(this);
}

bool ChartNavigator::eventFilter(QObject* watched, QEvent* event) {
  if (watched != view_->viewport()) return false;
  switch (event->type()) {
    case QEvent::MouseButtonPress: {
      auto* e = static_cast<QMouseEvent*>(event);
      const bool pan = e->button() == Qt::MiddleButton ||
                       (e->button() == Qt::LeftButton && (e->modifiers() & Qt::ShiftModifier));
      if (!pan) return false;
      panning_ = true;
      last_ = e->position().toPoint();
      view_->viewport()->setCursor(Qt::ClosedHandCursor);
      return true;
    }
    case QEvent::MouseMove: {
      if (!panning_) return false;
      auto* e = static_cast<QMouseEvent*>(event);
      const QPoint at = e->position().toPoint();
      const QPoint d = at - last_;
      last_ = at;
      view_->chart()->scroll(-d.x(), d.y());
      return true;
    }
    case QEvent::MouseButtonRelease: {
      if (!panning_) return false;
      panning_ = false;
      view_->viewport()->unsetCursor();
      return true;
    }
    case QEvent::MouseButtonDblClick: {
      if (static_cast<QMouseEvent*>(event)->button() != Qt::LeftButton) return false;
      emit resetRequested();
      return true;
    }
    case QEvent::Wheel: {
      auto* e = static_cast<QWheelEvent*>(event);
      if (!(e->modifiers() & Qt::ControlModifier)) return false;  // the page scrolls
      const int steps = e->angleDelta().y();
      if (steps != 0) view_->chart()->zoom(steps > 0 ? 1.25 : 0.8);
      return true;
    }
    default:
      return false;
  }
}

}  // namespace optiscope::ui
