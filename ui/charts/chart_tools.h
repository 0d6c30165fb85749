// The tools every live chart offers beside its own: export (PNG, SVG, a CSV file, CSV to the
// clipboard) in its context menu, and navigation — drag a rectangle to zoom (the chart's rubber
// band), Ctrl+wheel to zoom, middle-drag or Shift+drag to pan, double-click to reset.
#pragma once

#include <QObject>
#include <QPoint>
#include <QString>
#include <functional>

class QAbstractAxis;
class QChart;
class QChartView;
class QMenu;
class QTableWidget;
class QValueAxis;
class QWidget;

namespace optiscope::ui {

// Adds "Export chart as PNG...", "Export chart as SVG...", "Export data as CSV..." and "Copy data
// as CSV" to `menu`. The images are of `target` as shown; `csv` makes the data's text when an
// action needs it. Files are written atomically; the save dialog suggests
// `file_stem`.png/.svg/.csv. GUI thread only.
void AddChartExportActions(QMenu* menu, QWidget* target, const QString& file_stem,
                           const QString& title, std::function<QString()> csv);

// Gives `target` (a chart without a context menu of its own) a context menu holding the export
// actions of AddChartExportActions, and "Reset zoom" when it is a QChartView.
void InstallChartExportMenu(QWidget* target, const QString& file_stem, const QString& title,
                            std::function<QString()> csv);

// The texts of `table` as CSV: the header labels, then one line per row; a cell holding a comma,
// a quote or a line break is quoted (quotes doubled).
QString TableToCsv(const QTableWidget* table);

// One CSV cell: `text` quoted (quotes doubled) when it holds a comma, a quote or a line break.
QString CsvCell(QString text);

// The data of `chart`'s series as CSV, for charts that keep no other copy: "series,x,y" and one
// line per point of each line or scatter series, then "series,category,value" and one line per
// bar of each bar series (the category from the bar axis when there is one, else its index).
QString ChartSeriesCsv(const QChart* chart);

// Gives a metric axis the range [low, high] widened to nice ticks (NiceStep); a metric that lies
// within [0, 1] (accuracy, R²) never gets ticks below 0 or past 1. REQUIRES low <= high, finite.
void SetMetricAxisRange(QValueAxis* axis, double low, double high);

// A new loss axis, owned by the caller until added to a chart: base-10 log (QLogValueAxis) or
// linear (QValueAxis), "%.3g" labels, titled "loss (log)" or "loss". The Train and Race charts'
// "Log loss" switch.
QAbstractAxis* NewLossAxis(bool log_scale);

// Pan and wheel zoom for a QChartView (installed as an event filter on its viewport; the view's
// own rubber-band zoom stays as it is). Emits resetRequested on a double-click, where the chart
// should undo the zoom and pan (QChart::zoomReset plus its own axis ranges). GUI thread only.
class ChartNavigator final : public QObject {
  Q_OBJECT

 public:
  // Parented to `view`; lives as long as it.
  explicit ChartNavigator(QChartView* view);

 signals:
  void resetRequested();

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QChartView* view_;
  bool panning_ = false;
  QPoint last_;
};

}  // namespace optiscope::ui
