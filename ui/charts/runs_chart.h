// RunsChart: the Runs tab's comparison — the checked runs' loss and validation metric per epoch
// overlaid on one chart, each run in its own colour and named by what differs between them.
#pragma once

#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QtCharts/QChartView>
#include <utility>
#include <vector>

#include "engine/runs/run_record.h"

class QAbstractAxis;
class QLineSeries;
class QValueAxis;

namespace optiscope::ui {

class ChartNavigator;

// One run on the chart.
struct ComparedRun {
  int64_t id = 0;       // keeps the run's colour whatever else is checked (SeriesColor(id))
  QString legend;       // e.g. "#2 lr 3e-3"
  QString metric_name;  // "accuracy", "rmse" or "" (then no metric curve)
  std::vector<RunEpoch> epochs;
};

// Per run: its loss (validation loss, or train loss when the run has no validation split) solid
// on the left axis, and its validation metric dashed on the right axis; one legend entry per run.
// Log-scale loss axis and EMA smoothing (display only: hover values and CSV stay raw); drag to
// zoom, Shift/middle-drag to pan, Ctrl+wheel to zoom, double-click or "Reset zoom" to reset;
// right-click for PNG/SVG/CSV export. GUI thread only.
class RunsChart final : public QChartView {
  Q_OBJECT

 public:
  explicit RunsChart(QWidget* parent = nullptr);

  // Shows `runs` (replacing what was shown) under `title`.
  void SetRuns(std::vector<ComparedRun> runs, const QString& title);
  // A logarithmic loss axis (losses <= 0 are left out while it is on).
  void SetLogScale(bool on);
  bool log_scale() const { return log_scale_; }
  // EMA smoothing weight in [0, 1) (SmoothEma); 0 shows the raw curves.
  void SetSmoothing(double weight);
  double smoothing() const { return smoothing_; }

  // The runs' loss curves and metric curves, in the order of SetRuns (a run without a metric has
  // an empty metric series).
  const QList<QLineSeries*>& loss_series() const { return loss_; }
  const QList<QLineSeries*>& metric_series() const { return metric_; }
  // The legend's entries, one per run in the order of SetRuns.
  QStringList LegendTexts() const;
  // "run,epoch,train_loss,val_loss,train_metric,val_metric" and one line per run and epoch (raw).
  QString ToCsv() const;

 protected:
  void contextMenuEvent(QContextMenuEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void changeEvent(QEvent* event) override;
  // Below ~240 px of height (the Output dock on a small screen) the axis titles are hidden, so
  // the tick labels keep their room instead of eliding to "...".
  void resizeEvent(QResizeEvent* event) override;

 private:
  // Replaces every series and axis by ones drawn from runs_ (called on every change).
  void Rebuild();
  void InstallAxes();
  void FitAxisTitles();
  // Adds run `i`'s loss and metric series; returns the points drawn (loss, metric).
  std::pair<QList<QPointF>, QList<QPointF>> AddRunSeries(int i);
  void ShowHover(int run, const QPointF& point, bool state);

  std::vector<ComparedRun> runs_;
  QString title_;
  bool log_scale_ = false;
  double smoothing_ = 0.0;
  QList<QLineSeries*> loss_;
  QList<QLineSeries*> metric_;
  QValueAxis* x_axis_ = nullptr;
  QAbstractAxis* y_axis_ = nullptr;  // a QValueAxis, or a QLogValueAxis while log_scale_
  QValueAxis* metric_axis_ = nullptr;
  ChartNavigator* navigator_ = nullptr;
};

}  // namespace optiscope::ui
