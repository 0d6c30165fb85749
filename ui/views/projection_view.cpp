#include "ui/views/projection_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QBarSet>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <map>

#include "engine/data/data_source.h"
#include "engine/data/preprocessing.h"
#include "engine/features/kernel_pca.h"
#include "engine/features/pca.h"
#include "ui/job_runner.h"

namespace optiscope::ui {
namespace {

// Loads and standardizes the dataset like `optiscope-cli project`, fits the chosen method to 2
// components and publishes the scores with the full PCA's explained variance ratios (scree).
std::string RunProjection(const DataConfig& data, bool kernel, EventSink& sink) {
  auto dataset = LoadDataset(data);
  if (!dataset.ok()) return dataset.status().message();
  Preprocessor pre(Imputation::kMean, Scaling::kStandardize);
  pre.Fit(dataset->X);
  pre.Transform(&dataset->X);
  Mat scores;
  if (kernel) {
    KernelPcaOptions options;
    options.n_components = 2;
    options.kernel.kernel = PcaKernel::kRbf;
    KernelPca kpca(options);
    if (Status st = kpca.Fit(dataset->X); !st.ok()) return st.message();
    scores = kpca.training_scores();
  } else {
    Pca pca(PcaOptions{.n_components = 2});
    if (Status st = pca.Fit(dataset->X); !st.ok()) return st.message();
    scores = pca.Transform(dataset->X);
  }
  Pca full(PcaOptions{.n_components = static_cast<int>(dataset->X.cols())});
  if (Status st = full.Fit(dataset->X); !st.ok()) return st.message();
  Projection p;
  p.what = "data";
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    p.xy.push_back(static_cast<float>(scores(i, 0)));
    p.xy.push_back(static_cast<float>(scores.cols() > 1 ? scores(i, 1) : 0.0));
    p.labels.push_back(static_cast<int>(dataset->y[i]));
  }
  const VecD ratio = full.explained_variance_ratio();
  p.explained_variance_ratio.assign(ratio.data(), ratio.data() + ratio.size());
  sink.Publish(std::move(p));
  return "";
}

}  // namespace

ProjectionView::ProjectionView(QWidget* parent) : ModeView(parent) {
  runner_ = new JobRunner(this);
  connect(runner_, &JobRunner::eventsReceived, this, &ProjectionView::OnEvents);
  connect(runner_, &JobRunner::finished, this, &ProjectionView::OnFinished);
  method_ = new QComboBox(this);
  method_->addItem(tr("PCA"), "pca");
  method_->addItem(tr("Kernel PCA (rbf)"), "kpca");
  caption_ = new QLabel(tr("Run projects the Experiment's dataset to 2-D"), this);
  scatter_ = new QChartView(new QChart, this);
  scatter_->setRenderHint(QPainter::Antialiasing);
  scatter_->chart()->setTitle(tr("Projection"));
  scree_ = new QChartView(new QChart, this);
  scree_->chart()->setTitle(tr("Explained variance ratio"));
  scree_->chart()->legend()->hide();
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Method:"), this));
  top->addWidget(method_);
  top->addWidget(caption_, 1);
  auto* charts = new QHBoxLayout;
  charts->addWidget(scatter_, 3);
  charts->addWidget(scree_, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addLayout(charts, 1);
}

ProjectionView::~ProjectionView() {
  // The worker publishes into runner_; stop and join it before the widgets go.
  delete runner_;
  runner_ = nullptr;
}

bool ProjectionView::Start(const ExperimentConfig& config) {
  if (runner_->IsRunning()) return false;
  const DataConfig data = config.data;
  const bool kernel = method_->currentData().toString() == "kpca";
  const bool launched = runner_->Start([data, kernel](std::stop_token, EventSink& sink) {
    return RunProjection(data, kernel, sink);
  });
  if (!launched) {
    emit errorReported(tr("A projection is already running"));
    return false;
  }
  emit started(tr("Projecting %1 with %2")
                   .arg(QString::fromStdString(data.source), method_->currentText()),
               1);
  return true;
}

void ProjectionView::RequestStop() { runner_->RequestStop(); }

bool ProjectionView::IsRunning() const { return runner_ != nullptr && runner_->IsRunning(); }

void ProjectionView::OnEvents(const std::vector<optiscope::Event>& events) {
  for (const auto& event : events) {
    if (const auto* p = std::get_if<Projection>(&event)) ShowProjection(*p);
  }
}

void ProjectionView::OnFinished(const QString& error, bool cancelled) {
  if (!error.isEmpty()) {
    emit errorReported(error);
    emit finished(error, false);
    return;
  }
  emit progressed(1, 1, 0.0);
  emit finished(cancelled ? tr("Projection stopped") : tr("Projection done"), !cancelled);
}

void ProjectionView::ShowProjection(const optiscope::Projection& projection) {
  QChart* chart = scatter_->chart();
  chart->removeAllSeries();
  for (QAbstractAxis* axis : chart->axes()) chart->removeAxis(axis);
  const int n = static_cast<int>(projection.labels.size());
  const int stride = std::max(1, (n + kMaxDrawnPoints - 1) / kMaxDrawnPoints);
  std::map<int, QScatterSeries*> by_class;
  std::map<QScatterSeries*, std::vector<int>> rows;
  for (int i = 0; i < n && 2 * i + 1 < static_cast<int>(projection.xy.size()); i += stride) {
    const int label = projection.labels[i];
    QScatterSeries*& series = by_class[label];
    if (series == nullptr) {
      series = new QScatterSeries;
      series->setName(label < 0 ? tr("unlabelled") : tr("class %1").arg(label));
      series->setMarkerSize(7.0);
    }
    series->append(projection.xy[2 * i], projection.xy[2 * i + 1]);
    rows[series].push_back(i);
  }
  for (auto& [label, series] : by_class) {
    chart->addSeries(series);
    const std::vector<int> series_rows = rows[series];
    connect(series, &QScatterSeries::hovered, this,
            [this, series, series_rows, label](const QPointF& point, bool state) {
              if (!state) return;
              const auto pts = series->points();
              int best = 0;
              for (int k = 1; k < pts.size(); ++k) {
                if (QLineF(pts[k], point).length() < QLineF(pts[best], point).length()) best = k;
              }
              QToolTip::showText(QCursor::pos(),
                                 tr("row %1, class %2").arg(series_rows[best]).arg(label), this);
            });
  }
  chart->createDefaultAxes();
  chart->setTitle(projection.epoch > 0
                      ? tr("Projection (%1, epoch %2)")
                            .arg(QString::fromStdString(projection.what))
                            .arg(projection.epoch)
                      : tr("Projection (%1)").arg(QString::fromStdString(projection.what)));

  QChart* scree = scree_->chart();
  scree->removeAllSeries();
  for (QAbstractAxis* axis : scree->axes()) scree->removeAxis(axis);
  if (projection.explained_variance_ratio.empty()) return;
  auto* set = new QBarSet(tr("ratio"));
  QStringList categories;
  double top = 0.0;
  for (size_t j = 0; j < projection.explained_variance_ratio.size(); ++j) {
    set->append(projection.explained_variance_ratio[j]);
    top = std::max(top, projection.explained_variance_ratio[j]);
    categories << QString::number(j + 1);
  }
  auto* bars = new QBarSeries;
  bars->append(set);
  scree->addSeries(bars);
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  auto* y = new QValueAxis;
  y->setRange(0.0, top * 1.1);
  scree->addAxis(x, Qt::AlignBottom);
  scree->addAxis(y, Qt::AlignLeft);
  bars->attachAxis(x);
  bars->attachAxis(y);
}

}  // namespace optiscope::ui
