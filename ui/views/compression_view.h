// CompressionView: the Compress mode. Run trains the Experiment's model, then sweeps bit-widths
// and sparsity levels; every measured point streams into the trade-off charts.
#pragma once

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <memory>
#include <vector>

#include "engine/compress/sweep.h"
#include "ui/job_runner.h"
#include "ui/views/mode_view.h"

namespace optiscope::ui {

class CompressionControls;
class TradeoffChart;
class LatencyChart;
class WeightHistogramChart;

// Charts: accuracy vs bits, accuracy vs sparsity, accuracy vs size with the Pareto front, latency
// bars, and the selected layer's weight histogram before/after for the selected point. Export
// writes the selected point's compressed model (.optq) from a worker job. GUI thread only.
class CompressionView final : public ModeView {
  Q_OBJECT

 public:
  explicit CompressionView(QWidget* parent = nullptr);

  bool Start(const ExperimentConfig& config) override;
  void RequestStop() override;
  bool IsRunning() const override;
  QString StepUnit() const override { return tr("variants"); }

  // The sweep's bit-widths, sparsity levels and settings (defaults: 32, 8, 4, 2, 1.58, 1 x 0, 0.7);
  // also shown in the grid controls, which the user edits and Start reads.
  void SetSweepOptions(const SweepOptions& options);
  // The number of points the grid controls describe (0 when they are invalid).
  int PlannedPoints() const;
  // Applies engine events (what the job runner delivers); public for tests.
  void AddEvents(const std::vector<Event>& events);
  // Writes the selected point's compressed model to `path`: a worker job re-runs that point
  // (CompressSweepPoint, deterministic) and saves it as .optq; `exported` reports the outcome.
  // False (nothing started) when no point is selected or a job runs.
  bool ExportSelected(const QString& path);
  // The selected sweep point (-1: none). After a sweep the best compressed point of the Pareto
  // front is selected (highest metric, then smallest), unless the user picked one.
  int SelectedPoint() const;

 signals:
  void exported(const QString& path, const QString& error);

 public:

  const std::vector<SweepPoint>& points() const { return points_; }
  TradeoffChart* size_chart() const { return by_size_; }
  TradeoffChart* bits_chart() const { return by_bits_; }
  TradeoffChart* sparsity_chart() const { return by_sparsity_; }
  LatencyChart* latency_chart() const { return latency_; }
  CompressionControls* controls() const { return controls_; }
  WeightHistogramChart* histogram_chart() const { return histogram_; }

 private:
  void Redraw();
  void ShowHistogram();
  void OnFinished(const QString& error, bool cancelled);
  void SelectBestCompressed();

  JobRunner runner_;
  SweepOptions options_;      // the non-grid settings (latency, histogram bins, ...)
  SweepOptions run_options_;  // what the last sweep ran with (export re-runs a point with it)
  // Filled by the job on the worker thread; read only after `finished` (the worker has exited).
  struct Trained {
    TrainedModel model;
    DataConfig data;
  };
  std::shared_ptr<Trained> trained_;
  bool trained_ok_ = false;
  std::vector<SweepPoint> points_;
  std::vector<WeightHistogram> before_;
  int total_points_ = 0;
  QString metric_ = "accuracy";
  TradeoffChart* by_bits_ = nullptr;
  TradeoffChart* by_sparsity_ = nullptr;
  TradeoffChart* by_size_ = nullptr;
  LatencyChart* latency_ = nullptr;
  WeightHistogramChart* histogram_ = nullptr;
  CompressionControls* controls_ = nullptr;
  QComboBox* point_box_ = nullptr;
  bool user_picked_ = false;
  QComboBox* layer_box_ = nullptr;
  QPushButton* export_ = nullptr;
  QLabel* summary_ = nullptr;
  bool exporting_ = false;
  QString export_path_;
};

}  // namespace optiscope::ui
