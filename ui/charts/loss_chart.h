// LossChart: the live train / validation loss per epoch of one run, with a metric per epoch beside
// it on a second axis — the run's own (accuracy or RMSE) or the task's second (F1 or R²) (Qt
// Charts).
#pragma once

#include <QList>
#include <QPointF>
#include <QtCharts/QChartView>
#include <array>
#include <vector>

#include "engine/events/events.h"

class QAbstractAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace optiscope::ui {

// Shows the train and validation loss (solid, left axis) and the train and validation metric
// (dashed, right axis, once SetMetricName named it) against epoch; SetDashedMetric switches the
// dashed curves to the second metric (macro F1 or R², whichever the epochs carry). Points are kept
// here in full and handed to the series with one replace() per update, decimated to the plot's
// pixel width. Display tools: a logarithmic loss axis and EMA smoothing (hover values and CSV stay
// raw). Hover a curve to read the epoch's values (every metric); drag to zoom, Shift/middle-drag to
// pan, Ctrl+wheel to zoom, double-click to reset; right-click for PNG/SVG/CSV export and reset.
// GUI thread only.
class LossChart final : public QChartView {
  Q_OBJECT

 public:
  explicit LossChart(QWidget* parent = nullptr);

  // Forgets all points; the x axis will span 1..total_epochs (at least 1).
  void Reset(int total_epochs);
  // Adds the epochs (in order) and redraws once. NaN values are skipped.
  void AddEpochs(const std::vector<EpochMetrics>& epochs);
  // What the dashed curves draw: the run's metric (EpochMetrics::train_metric / val_metric) or the
  // second metric (train_f1 / val_f1 for classification, train_r2 / val_r2 for regression).
  enum class DashedMetric { kMetric, kSecond };

  // What the metric curves show ("accuracy", "rmse"); "" hides them. Kept across Reset.
  void SetMetricName(const QString& name);
  // The second metric's name ("F1", "R²"), shown when it is drawn. Kept across Reset.
  void SetSecondMetricName(const QString& name);
  // Draws the run's metric or the second one dashed (redraws at once). Kept across Reset.
  void SetDashedMetric(DashedMetric which);
  DashedMetric dashed_metric() const { return dashed_; }
  // What the x axis counts, as RunStarted::step_name says: "epoch" (the default), "tree" (a
  // forest's curve: scores of its first k trees), "stage" (boosting). Names the axis, the title,
  // the hover text and the CSV's first column. Kept across Reset.
  void SetStepName(const QString& step_name);
  QString step_name() const { return step_name_; }
  // A logarithmic loss axis (losses <= 0 are left out while it is on).
  void SetLogScale(bool on);
  bool log_scale() const { return log_scale_; }
  // EMA smoothing weight in [0, 1) (SmoothEma); 0 draws the raw curves.
  void SetSmoothing(double weight);

  QLineSeries* train_series() const { return train_; }
  QLineSeries* validation_series() const { return validation_; }
  QLineSeries* train_metric_series() const { return train_metric_; }
  QLineSeries* validation_metric_series() const { return validation_metric_; }
  QAbstractAxis* loss_axis() const { return y_axis_; }
  // Early stopping: marks the best epoch (whose weights were kept) on the validation curve and,
  // when `stopped_early`, the epoch training stopped at with a vertical line. Cleared by Reset.
  // The marks are named in the legend when the chart is at least kWideLegendPx wide.
  void MarkEarlyStopping(int best_epoch, int stopped_epoch, bool stopped_early);
  QScatterSeries* best_epoch_series() const { return best_; }
  static constexpr int kWideLegendPx = 520;
  QLineSeries* stop_series() const { return stop_; }
  // The data as CSV text: "epoch,train_loss,val_loss,train_metric,val_metric,train_f1,val_f1,
  // train_r2,val_r2" ("trees,..." or "stages,..." for an ensemble's curve) and one line per point
  // (raw values, whichever metric is drawn; an empty cell where a value is missing).
  QString ToCsv() const;
  // Writes the chart as a PNG image. False when the file cannot be written.
  bool SaveImage(const QString& path);

 protected:
  void contextMenuEvent(QContextMenuEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void changeEvent(QEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;  // ticks and decimation follow the width

 private:
  void InstallLossAxis();
  void Refresh();
  void ApplyPalette();
  void ShowHover(const QPointF& point, bool state);
  void UpdateTitle();
  void FitLegend();
  QString DashedName() const;  // the name of the metric the dashed curves draw

  // The raw values by column, as the CSV orders them.
  enum Column {
    kTrainLoss,
    kValLoss,
    kTrainMetric,
    kValMetric,
    kTrainF1,
    kValF1,
    kTrainR2,
    kValR2,
    kNumColumns
  };
  // The dashed curves' points: (train, validation) of the drawn metric.
  std::array<const QList<QPointF>*, 2> DashedPoints() const;

  QLineSeries* train_ = nullptr;
  QLineSeries* validation_ = nullptr;
  QLineSeries* train_metric_ = nullptr;
  QLineSeries* validation_metric_ = nullptr;
  QScatterSeries* best_ = nullptr;  // early stopping: the best epoch
  QLineSeries* stop_ = nullptr;     // early stopping: where training stopped
  QValueAxis* x_axis_ = nullptr;
  QAbstractAxis* y_axis_ = nullptr;  // a QValueAxis, or a QLogValueAxis when log_scale_
  QValueAxis* metric_axis_ = nullptr;
  std::array<QList<QPointF>, kNumColumns> points_;
  QString metric_name_;
  QString second_name_;
  DashedMetric dashed_ = DashedMetric::kMetric;
  QString step_name_ = QStringLiteral("epoch");
  int total_epochs_ = 1;
  bool log_scale_ = false;
  double smoothing_ = 0.0;
};

}  // namespace optiscope::ui
