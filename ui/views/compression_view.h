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

  // The sweep's bit-widths and sparsity levels (defaults: 32, 8, 4, 2, 1.58, 1 x 0, 0.7).
  void SetSweepOptions(const SweepOptions& options) { options_ = options; }
  // Applies engine events (what the job runner delivers); public for tests.
  void AddEvents(const std::vector<Event>& events);
  // Writes the selected point's compressed model to `path` (a worker job); false if none.
  bool ExportSelected(const QString& path);

  const std::vector<SweepPoint>& points() const { return points_; }
  TradeoffChart* size_chart() const { return by_size_; }
  TradeoffChart* bits_chart() const { return by_bits_; }
  TradeoffChart* sparsity_chart() const { return by_sparsity_; }
  LatencyChart* latency_chart() const { return latency_; }
  WeightHistogramChart* histogram_chart() const { return histogram_; }

 private:
  void Redraw();
  void ShowHistogram();
  void OnFinished(const QString& error, bool cancelled);

  JobRunner runner_;
  SweepOptions options_;
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
  QComboBox* point_box_ = nullptr;
  QComboBox* layer_box_ = nullptr;
  QPushButton* export_ = nullptr;
  QLabel* summary_ = nullptr;
  bool exporting_ = false;
};

}  // namespace optiscope::ui
