// LossChart: the live train / validation loss per epoch of one run (Qt Charts).
#pragma once

#include <QList>
#include <QPointF>
#include <QtCharts/QChartView>
#include <vector>

#include "engine/events/events.h"

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace optiscope::ui {

// Shows two curves (train and validation loss against epoch). Points are kept here in full and
// handed to the series with one replace() per update, decimated to the plot's pixel width. Hover a
// curve to read the epoch's values; drag to zoom; right-click for export, copy and reset zoom.
// GUI thread only.
class LossChart final : public QChartView {
  Q_OBJECT

 public:
  explicit LossChart(QWidget* parent = nullptr);

  // Forgets all points; the x axis will span 1..total_epochs (at least 1).
  void Reset(int total_epochs);
  // Adds the epochs (in order) and redraws once. NaN losses are skipped.
  void AddEpochs(const std::vector<EpochMetrics>& epochs);

  QLineSeries* train_series() const { return train_; }
  QLineSeries* validation_series() const { return validation_; }
  // Early stopping: marks the best epoch (whose weights were kept) on the validation curve and,
  // when `stopped_early`, the epoch training stopped at with a vertical line. Cleared by Reset.
  void MarkEarlyStopping(int best_epoch, int stopped_epoch, bool stopped_early);
  QScatterSeries* best_epoch_series() const { return best_; }
  QLineSeries* stop_series() const { return stop_; }
  // The data as CSV text: "epoch,train_loss,val_loss" and one line per epoch.
  QString ToCsv() const;
  // Writes the chart as a PNG image. False when the file cannot be written.
  bool SaveImage(const QString& path);

 protected:
  void contextMenuEvent(QContextMenuEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void changeEvent(QEvent* event) override;

 private:
  void Refresh();
  void ApplyPalette();
  void ShowHover(const QPointF& point, bool state);

  QLineSeries* train_ = nullptr;
  QLineSeries* validation_ = nullptr;
  QScatterSeries* best_ = nullptr;  // early stopping: the best epoch
  QLineSeries* stop_ = nullptr;     // early stopping: where training stopped
  QValueAxis* x_axis_ = nullptr;
  QValueAxis* y_axis_ = nullptr;
  QList<QPointF> train_points_;
  QList<QPointF> validation_points_;
  int total_epochs_ = 1;
};

}  // namespace optiscope::ui
