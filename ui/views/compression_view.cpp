#include "ui/views/compression_view.h"

#include <QFileDialog>
#include <QGridLayout>
#include <QScrollArea>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <cmath>

#include "engine/compress/compressed_model_file.h"
#include "engine/compress/evaluate_compressed.h"
#include "engine/train/experiment.h"
#include "ui/charts/latency_chart.h"
#include "ui/charts/tradeoff_chart.h"
#include "ui/charts/weight_histogram_chart.h"
#include "ui/views/compression_view_controls.h"

namespace optiscope::ui {

CompressionView::CompressionView(QWidget* parent) : ModeView(parent) {
  options_.bits = {32, 8, 4, 2, 1.58, 1};
  options_.sparsities = {0.0, 0.7};
  options_.base.fine.epochs = 8;
  controls_ = new CompressionControls(this);
  controls_->SetOptions(options_);
  by_bits_ = new TradeoffChart(TradeoffAxis::kBits, tr("Accuracy vs weight bits"), this);
  by_sparsity_ = new TradeoffChart(TradeoffAxis::kSparsity, tr("Accuracy vs sparsity"), this);
  by_size_ = new TradeoffChart(TradeoffAxis::kSize, tr("Accuracy vs size (Pareto front)"), this);
  latency_ = new LatencyChart(this);
  histogram_ = new WeightHistogramChart(this);
  point_box_ = new QComboBox(this);
  point_box_->setToolTip(tr("The sweep point whose weights the histogram shows and Export writes"));
  layer_box_ = new QComboBox(this);
  layer_box_->setToolTip(tr("The layer whose weight histogram is shown"));
  export_ = new QPushButton(tr("Export compressed model..."), this);
  export_->setToolTip(tr("Write the selected variant as a compressed model file (.optq)"));
  export_->setEnabled(false);
  summary_ = new QLabel(tr("Run trains the Experiment's model, then measures each compression "
                           "variant."),
                        this);
  summary_->setWordWrap(true);

  auto* controls = new QHBoxLayout();
  controls->addWidget(new QLabel(tr("Variant:"), this));
  controls->addWidget(point_box_, 1);
  controls->addWidget(new QLabel(tr("Layer:"), this));
  controls->addWidget(layer_box_);
  controls->addWidget(export_);
  // The five charts scroll inside the view: at 1024x700 the view is about 630x430, less than
  // the charts' own minimum, and the layout then drew the variant row over the latency chart
  // and cut the right-hand charts. Below 760x460 the charts keep that size and scroll.
  auto* charts = new QWidget;
  charts->setMinimumSize(760, 460);
  auto* grid = new QGridLayout(charts);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(by_size_, 0, 0);
  grid->addWidget(by_bits_, 0, 1);
  grid->addWidget(by_sparsity_, 0, 2);
  grid->addWidget(latency_, 1, 0, 1, 2);
  grid->addWidget(histogram_, 1, 2);
  auto* scroll = new QScrollArea(this);
  scroll->setObjectName("compressCharts");
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setWidget(charts);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(controls_);
  layout->addWidget(summary_);
  layout->addWidget(scroll, 1);
  layout->addLayout(controls);

  connect(&runner_, &JobRunner::eventsReceived, this, &CompressionView::AddEvents);
  connect(&runner_, &JobRunner::finished, this, &CompressionView::OnFinished);
  connect(point_box_, &QComboBox::currentIndexChanged, this, [this] { ShowHistogram(); });
  connect(point_box_, &QComboBox::activated, this, [this] { user_picked_ = true; });
  connect(controls_, &CompressionControls::changed, this, [this] {
    if (runner_.IsRunning()) return;
    const int planned = PlannedPoints();
    summary_->setText(planned > 0 ? tr("Run trains the Experiment's model, then measures %1 "
                                       "compression variants.").arg(planned)
                                  : tr("The sweep grid is invalid: check a bit-width and "
                                       "list sparsities in [0, 1)."));
  });
  connect(layer_box_, &QComboBox::currentIndexChanged, this, [this] { ShowHistogram(); });
  connect(export_, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export compressed model"), "model.optq", tr("Compressed models (*.optq)"));
    if (!path.isEmpty()) ExportSelected(path);
  });
}

void CompressionView::SetSweepOptions(const SweepOptions& options) {
  options_ = options;
  controls_->SetOptions(options);
}

int CompressionView::PlannedPoints() const {
  SweepOptions options;
  QString error;
  if (!controls_->Read(options_, &options, &error)) return 0;
  return static_cast<int>(SweepGrid(options).size());
}

int CompressionView::SelectedPoint() const {
  const int point = point_box_->currentIndex();
  return point >= 0 && point < static_cast<int>(points_.size()) ? point : -1;
}

void CompressionView::SelectBestCompressed() {
  if (user_picked_) return;
  int best = -1;
  for (size_t i = 0; i < points_.size(); ++i) {
    const SweepPoint& p = points_[i];
    if (!p.pareto || (p.bits == 32 && p.target_sparsity == 0)) continue;
    const double metric = std::isnan(p.accuracy) ? -p.rmse : p.accuracy;
    if (best < 0) {
      best = static_cast<int>(i);
      continue;
    }
    const SweepPoint& b = points_[best];
    const double best_metric = std::isnan(b.accuracy) ? -b.rmse : b.accuracy;
    if (metric > best_metric || (metric == best_metric && p.bytes < b.bytes)) {
      best = static_cast<int>(i);
    }
  }
  if (best >= 0 && best < point_box_->count()) point_box_->setCurrentIndex(best);
}

bool CompressionView::Start(const ExperimentConfig& config) {
  if (runner_.IsRunning()) return false;
  SweepOptions options;
  QString error;
  if (!controls_->Read(options_, &options, &error)) {
    emit errorReported(error);
    return false;
  }
  run_options_ = options;
  user_picked_ = false;
  points_.clear();
  before_.clear();
  point_box_->clear();
  layer_box_->clear();
  trained_ok_ = false;
  exporting_ = false;
  export_->setEnabled(false);
  Redraw();
  auto trained = std::make_shared<Trained>();
  trained_ = trained;
  options.description = config.data.source + ": " + EnumName(config.model.type);
  const int total = static_cast<int>(SweepGrid(options).size());
  const bool ok = runner_.Start([config, options, trained](std::stop_token stop,
                                                            EventSink& sink) -> std::string {
    sink.Publish(LogLine{LogLine::Level::kInfo, "training the model to compress"});
    NullEventSink quiet;
    auto run = RunExperiment(config, quiet, stop);
    if (!run.ok()) return run.status().message();
    if (!run->status.ok()) {
      return "training " + std::string(RunStatusName(run->status)) + ": " + run->status.message();
    }
    trained->model = run->model;
    trained->data = config.data;
    auto data = PrepareCompressionData(config.data, run->model);
    if (!data.ok()) return data.status().message();
    auto points = RunSweep(run->model, *data, options, sink, stop);
    if (!points.ok()) return points.status().message();
    return std::string();
  });
  if (!ok) return false;
  emit started(tr("Compress: training, then %1 variants").arg(total), total);
  return true;
}

void CompressionView::RequestStop() { runner_.RequestStop(); }

bool CompressionView::IsRunning() const { return runner_.IsRunning(); }

void CompressionView::AddEvents(const std::vector<Event>& events) {
  bool changed = false;
  for (const Event& e : events) {
    if (const auto* s = std::get_if<SweepStarted>(&e)) {
      points_.clear();
      before_ = s->weights_before;
      total_points_ = s->total_points;
      metric_ = QString::fromStdString(s->metric_name);
      for (TradeoffChart* c : {by_bits_, by_sparsity_, by_size_}) c->Reset(metric_);
      layer_box_->clear();
      for (size_t l = 0; l < before_.size(); ++l) layer_box_->addItem(tr("layer %1").arg(l + 1));
      point_box_->clear();
      changed = true;
    } else if (const auto* p = std::get_if<SweepPoint>(&e)) {
      points_.push_back(*p);
      MarkPareto(points_);
      point_box_->addItem(QString::fromStdString(p->label));
      emit progressed(static_cast<int>(points_.size()), total_points_, 0.0);
      changed = true;
    } else if (const auto* f = std::get_if<SweepFinished>(&e)) {
      points_ = f->points;
      changed = true;
      SelectBestCompressed();
    } else if (const auto* log = std::get_if<LogLine>(&e)) {
      emit logMessage(QString::fromStdString(log->text));
    }
  }
  if (changed) Redraw();
}

void CompressionView::Redraw() {
  by_bits_->SetPoints(points_);
  by_sparsity_->SetPoints(points_);
  by_size_->SetPoints(points_);
  latency_->SetPoints(points_);
  ShowHistogram();
  if (!points_.empty()) {
    int front = 0;
    for (const SweepPoint& p : points_) front += p.pareto;
    summary_->setText(tr("%1 of %2 variants measured; %3 on the Pareto front (size vs %4).")
                          .arg(points_.size())
                          .arg(std::max<size_t>(total_points_, points_.size()))
                          .arg(front)
                          .arg(metric_));
  }
}

void CompressionView::ShowHistogram() {
  const int layer = layer_box_->currentIndex();
  if (layer < 0 || layer >= static_cast<int>(before_.size())) {
    histogram_->Show(WeightHistogram{}, WeightHistogram{}, tr("Weights"));
    return;
  }
  const int point = point_box_->currentIndex();
  WeightHistogram after;
  QString title = tr("Layer %1 weights").arg(layer + 1);
  if (point >= 0 && point < static_cast<int>(points_.size()) &&
      layer < static_cast<int>(points_[point].weights_after.size())) {
    after = points_[point].weights_after[layer];
    title += tr(": %1").arg(QString::fromStdString(points_[point].label));
  }
  histogram_->Show(before_[layer], after, title);
}

bool CompressionView::ExportSelected(const QString& path) {
  const int point = point_box_->currentIndex();
  if (!trained_ok_ || runner_.IsRunning() || point < 0 ||
      point >= static_cast<int>(points_.size())) {
    return false;
  }
  const double bits = points_[point].bits, sparsity = points_[point].target_sparsity;
  SweepOptions options = run_options_;
  options.base.latency_repeats = 0;
  const std::shared_ptr<Trained> trained = trained_;
  const std::string file = path.toStdString();
  exporting_ = true;
  export_path_ = path;
  export_->setEnabled(false);
  const bool started = runner_.Start([trained, options, bits, sparsity, file](
                                         std::stop_token stop, EventSink& sink) -> std::string {
    auto data = PrepareCompressionData(trained->data, trained->model);
    if (!data.ok()) return data.status().message();
    auto result = CompressSweepPoint(trained->model, *data, options, bits, sparsity, stop);
    if (!result.ok()) return result.status().message();
    result->model.source_config = CompressedSourceConfig(trained->data);
    if (Status s = SaveCompressedModel(result->model, file); !s.ok()) return s.message();
    sink.Publish(LogLine{LogLine::Level::kInfo, "wrote " + file});
    return std::string();
  });
  if (!started) {
    exporting_ = false;
    export_->setEnabled(true);
  }
  return started;
}

void CompressionView::OnFinished(const QString& error, bool cancelled) {
  if (exporting_) {
    exporting_ = false;
    if (!error.isEmpty()) emit errorReported(tr("Export failed: %1").arg(error));
    export_->setEnabled(true);
    emit exported(export_path_, cancelled && error.isEmpty() ? tr("cancelled") : error);
    return;
  }
  trained_ok_ = error.isEmpty() && !cancelled;
  export_->setEnabled(trained_ok_ && !points_.empty());
  if (!error.isEmpty() && !cancelled) {
    emit errorReported(error);
    emit finished(tr("Compress failed: %1").arg(error), false);
    return;
  }
  emit finished(cancelled ? tr("Compress stopped after %1 variants").arg(points_.size())
                          : tr("Compress: %1 variants measured").arg(points_.size()),
                !cancelled);
}

}  // namespace optiscope::ui
