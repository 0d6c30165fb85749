// RaceChart: the overlaid train and validation loss curves of every racer of an optimizer race,
// against epoch or wall time (Qt Charts).
#pragma once

#include <QList>
#include <QMap>
#include <QPointF>
#include <QStringList>
#include <QtCharts/QChartView>
#include <vector>

#include "engine/events/events.h"

class QAbstractAxis;
class QLineSeries;
class QValueAxis;

namespace optiscope::ui {

// One colour per racer (its index in Reset's list, from series_palette.h): validation loss solid,
// train loss dashed. Points are kept in full and handed to the series with one replace() per
// update. Hover a curve to read its values; drag to zoom, Shift/middle-drag to pan, Ctrl+wheel to
// zoom, double-click to reset (chart_tools.h); right-click for reset zoom and PNG/SVG/CSV export.
// GUI thread only.
class RaceChart final : public QChartView {
  Q_OBJECT

 public:
  explicit RaceChart(QWidget* parent = nullptr);

  // Forgets everything; one train and one validation series per racer, in this order.
  void Reset(const QStringList& racers, int total_epochs);
  // Adds epochs (any racers, in order per racer) and redraws once. NaN losses are skipped.
  void AddEpochs(const std::vector<EpochMetrics>& epochs);
  // x axis: wall time in seconds (true) or epoch (false).
  void SetWallTime(bool wall_time);
  // A logarithmic loss axis (losses <= 0 are left out while it is on).
  void SetLogScale(bool on);
  // EMA smoothing weight in [0, 1) (SmoothEma); 0 draws the raw curves. Hover and CSV stay raw.
  void SetSmoothing(double weight);
  // The loss axis: a QValueAxis, or a QLogValueAxis while the log scale is on.
  QAbstractAxis* loss_axis() const { return y_axis_; }
  bool wall_time() const { return wall_time_; }

  QStringList racers() const { return racers_; }
  // The series of a racer (nullptr if unknown).
  QLineSeries* TrainSeries(const QString& racer) const;
  QLineSeries* ValidationSeries(const QString& racer) const;
  // "optimizer,epoch,seconds,train_loss,val_loss" and one line per racer epoch.
  QString ToCsv() const;

 protected:
  void mouseReleaseEvent(QMouseEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  struct Curve {
    QLineSeries* train = nullptr;
    QLineSeries* validation = nullptr;
    std::vector<EpochMetrics> epochs;
  };
  void InstallLossAxis();
  void Refresh();
  void ApplyPalette();

  QValueAxis* x_axis_ = nullptr;
  QAbstractAxis* y_axis_ = nullptr;  // a QValueAxis, or a QLogValueAxis while log_scale_
  QStringList racers_;
  QMap<QString, Curve> curves_;
  int total_epochs_ = 1;
  bool wall_time_ = false;
  bool log_scale_ = false;
  double smoothing_ = 0.0;
};

}  // namespace optiscope::ui
