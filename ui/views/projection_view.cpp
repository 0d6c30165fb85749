#include "ui/views/projection_view.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <optional>

#include "engine/data/data_source.h"
#include "engine/data/preprocessing.h"
#include "engine/features/kernel_pca.h"
#include "engine/features/pca.h"
#include "engine/inspect/decision_regions.h"
#include "ui/charts/chart_tools.h"
#include "ui/enum_text.h"
#include "ui/job_runner.h"

namespace optiscope::ui {
namespace {

// Kernel PCA keeps this many leading components for its eigenvalue chart (the scatter uses 2).
constexpr int kKernelComponentsShown = 10;

// Loads and standardizes the dataset like `optiscope-cli project`, fits the chosen method and
// publishes the first 2 scores with the explained variance ratios: the full PCA's (linear), or the
// kernel's leading eigenvalues over the centred kernel matrix's trace (kernel).
std::string RunProjection(const DataConfig& data, std::optional<KernelParams> kernel,
                          EventSink& sink) {
  auto dataset = LoadDataset(data);
  if (!dataset.ok()) return dataset.status().message();
  Preprocessor pre(Imputation::kMean, Scaling::kStandardize);
  pre.Fit(dataset->X);
  pre.Transform(&dataset->X);
  Mat scores;
  VecD ratio;
  if (kernel) {
    KernelPcaOptions options;
    options.n_components = static_cast<int>(
        std::min<Eigen::Index>(kKernelComponentsShown, std::max<Eigen::Index>(2, dataset->X.rows() - 1)));
    options.kernel = *kernel;
    KernelPca kpca(options);
    if (Status st = kpca.Fit(dataset->X); !st.ok()) return st.message();
    scores = kpca.training_scores();
    ratio = kpca.explained_variance_ratio();
  } else {
    Pca pca(PcaOptions{.n_components = 2});
    if (Status st = pca.Fit(dataset->X); !st.ok()) return st.message();
    scores = pca.Transform(dataset->X);
    Pca full(PcaOptions{.n_components = static_cast<int>(dataset->X.cols())});
    if (Status st = full.Fit(dataset->X); !st.ok()) return st.message();
    ratio = full.explained_variance_ratio();
  }
  if (dataset->task == TaskKind::kClassification) {
    // The class names travel in a RunFinished (as a trained model's run reports them), ahead of
    // the projection whose labels they name.
    RunFinished names;  // only the names matter here
    names.class_names = dataset->class_names;
    sink.Publish(std::move(names));
  }
  Projection p;
  p.what = "data";
  for (Eigen::Index i = 0; i < scores.rows(); ++i) {
    p.xy.push_back(static_cast<float>(scores(i, 0)));
    p.xy.push_back(static_cast<float>(scores.cols() > 1 ? scores(i, 1) : 0.0));
    p.labels.push_back(dataset->task == TaskKind::kClassification ? static_cast<int>(dataset->y[i])
                                                                  : -1);
  }
  p.explained_variance_ratio.assign(ratio.data(), ratio.data() + ratio.size());
  sink.Publish(std::move(p));
  return "";
}

QString Title(const Projection& p) {
  QString title;
  if (p.what == "hidden") {
    title = QObject::tr("Last hidden layer at epoch %1 (validation rows, PCA)").arg(p.epoch);
  } else if (!p.region_classes.empty()) {
    title = QObject::tr("Data (PCA) over the model's decision regions");
  } else {
    title = QObject::tr("Data (%1)")
                .arg(p.epoch > 0 ? QObject::tr("epoch %1").arg(p.epoch)
                                 : QObject::tr("2-D projection"));
  }
  return title;
}

}  // namespace

ProjectionView::ProjectionView(QWidget* parent) : ModeView(parent) {
  runner_ = new JobRunner(this);
  connect(runner_, &JobRunner::eventsReceived, this, &ProjectionView::OnEvents);
  connect(runner_, &JobRunner::finished, this, &ProjectionView::OnFinished);
  method_ = new QComboBox(this);
  method_->addItem(tr("PCA"), "pca");
  method_->addItem(tr("Kernel PCA"), "kpca");
  method_->setObjectName("projectionMethod");
  method_->setToolTip(tr("How Run projects the Experiment's dataset to 2-D"));
  kernel_ = new QComboBox(this);
  kernel_->setObjectName("kernelCombo");
  for (PcaKernel k : {PcaKernel::kRbf, PcaKernel::kPoly, PcaKernel::kSigmoid, PcaKernel::kCosine}) {
    kernel_->addItem(QString::fromLatin1(PcaKernelName(k)), static_cast<int>(k));
  }
  kernel_->setToolTip(tr("Kernel PCA's kernel: rbf exp(-gamma |x-y|^2), poly (gamma x.y + 1)^3, "
                         "sigmoid tanh(gamma x.y + 1), cosine"));
  gamma_ = new QDoubleSpinBox(this);
  gamma_->setObjectName("gammaSpin");
  gamma_->setRange(0.0, 1000.0);
  gamma_->setDecimals(4);
  gamma_->setSingleStep(0.01);
  gamma_->setSpecialValueText(tr("auto"));
  gamma_->setToolTip(tr("The kernel's gamma; auto = 1 / number of features (scikit-learn's "
                        "default)"));
  regions_ = new QCheckBox(tr("Decision regions"), this);
  regions_->setObjectName("decisionRegions");
  regions_->setToolTip(
      tr("Run trains the Experiment's model on the training split and paints "
         "the class it predicts over the PCA plane (classification, PCA only)"));
  auto update_enabled = [this] {
    const bool pca = method_->currentData().toString() == "pca";
    regions_->setEnabled(pca);
    if (!pca) regions_->setChecked(false);
    kernel_->setEnabled(!pca);
    gamma_->setEnabled(!pca && kernel_->currentData().toInt() != static_cast<int>(PcaKernel::kCosine));
  };
  connect(method_, &QComboBox::currentIndexChanged, this, update_enabled);
  connect(kernel_, &QComboBox::currentIndexChanged, this, update_enabled);
  update_enabled();
  color_by_ = new QComboBox(this);
  color_by_->setObjectName("colorBy");
  color_by_->addItem(tr("class"), static_cast<int>(ProjectionColorBy::kClass));
  color_by_->addItem(tr("prediction"), static_cast<int>(ProjectionColorBy::kPrediction));
  color_by_->addItem(tr("error"), static_cast<int>(ProjectionColorBy::kError));
  color_by_->setToolTip(
      tr("Colour points by their class, the model's predicted class, or "
         "whether the prediction is right (needs a trained model)"));
  connect(color_by_, &QComboBox::currentIndexChanged, this, [this] { Display(shown_); });
  caption_ = new QLabel(tr("Run projects the Experiment's dataset to 2-D; a Train run of an MLP "
                           "streams its last hidden layer here"),
                        this);
  caption_->setWordWrap(true);
  scatter_ = new ProjectionChart(this);
  scree_ = new QChartView(new QChart, this);
  scree_->chart()->setTitle(tr("Explained variance ratio"));
  scree_->chart()->legend()->hide();
  InstallChartExportMenu(scree_, QStringLiteral("scree"), tr("Optiscope scree"),
                         [this] { return ChartSeriesCsv(scree_->chart()); });
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setObjectName("epochSlider");
  slider_->setToolTip(tr("Replay the projections of earlier epochs"));
  slider_->setRange(0, 0);
  slider_->setPageStep(1);
  epoch_label_ = new QLabel(this);
  epoch_label_->setMinimumWidth(90);
  hover_label_ = new QLabel(tr("Hover a point to see its row"), this);
  connect(scatter_, &ProjectionChart::pointHovered, hover_label_, &QLabel::setText);
  connect(slider_, &QSlider::valueChanged, this, [this](int value) {
    follow_newest_ = value == slider_->maximum();
    Display(value);
  });

  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Method:"), this));
  top->addWidget(method_);
  top->addWidget(kernel_);
  top->addWidget(new QLabel(tr("gamma"), this));
  top->addWidget(gamma_);
  top->addWidget(regions_);
  top->addStretch(1);
  auto* second = new QHBoxLayout;
  second->addWidget(new QLabel(tr("Colour by:"), this));
  second->addWidget(color_by_);
  second->addSpacing(12);
  second->addWidget(caption_, 1);
  // At 1024x700 the scatter's legend on top gave each of ten classes 40 px and Qt Charts then
  // drew colour boxes without names; on the right, the names stack. The scree chart keeps room
  // for its title and bars, and "Colour by" and the caption have a row of their own so that
  // "Decision regions" is not cut.
  scatter_->chart()->legend()->setAlignment(Qt::AlignRight);
  scree_->setMinimumWidth(210);
  auto* charts = new QHBoxLayout;
  charts->addWidget(scatter_, 3);
  charts->addWidget(scree_, 1);
  auto* replay = new QHBoxLayout;
  replay->addWidget(epoch_label_);
  replay->addWidget(slider_, 1);
  replay->addWidget(hover_label_, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addLayout(second);
  layout->addLayout(charts, 1);
  layout->addLayout(replay);
  slider_->setEnabled(false);
}

ProjectionView::~ProjectionView() {
  // The worker publishes into runner_; stop and join it before the widgets go.
  delete runner_;
  runner_ = nullptr;
}

bool ProjectionView::Start(const ExperimentConfig& config) {
  if (runner_->IsRunning()) return false;
  const bool kernel = method_->currentData().toString() == "kpca";
  const bool regions = regions_->isChecked() && !kernel;
  std::optional<KernelParams> kernel_params;
  if (kernel) {
    kernel_params = KernelParams{};
    kernel_params->kernel = static_cast<PcaKernel>(kernel_->currentData().toInt());
    kernel_params->gamma = gamma_->value();  // 0: 1 / n_features
  }
  bool launched = false;
  if (regions) {
    launched = runner_->Start([config](std::stop_token stop, EventSink& sink) {
      const Status st = RunDecisionRegions(config, sink, stop);
      return st.ok() || st.code() == StatusCode::kCancelled ? std::string() : st.message();
    });
  } else {
    const DataConfig data = config.data;
    launched = runner_->Start([data, kernel_params](std::stop_token, EventSink& sink) {
      return RunProjection(data, kernel_params, sink);
    });
  }
  if (!launched) {
    emit errorReported(tr("A projection is already running"));
    return false;
  }
  ClearHistory();
  class_names_.clear();
  kernel_run_ = kernel;
  const QString method =
      kernel ? tr("Kernel PCA (%1)").arg(kernel_->currentText()) : method_->currentText();
  emit started(
      regions ? tr("Training %1 for its decision regions on %2")
                    .arg(EnumText(config.model.type), QString::fromStdString(config.data.source))
              : tr("Projecting %1 with %2").arg(QString::fromStdString(config.data.source), method),
      regions ? config.training.epochs : 1);
  return true;
}

void ProjectionView::RequestStop() { runner_->RequestStop(); }

bool ProjectionView::IsRunning() const { return runner_ != nullptr && runner_->IsRunning(); }

void ProjectionView::OnEvents(const std::vector<optiscope::Event>& events) {
  for (const auto& event : events) {
    if (const auto* p = std::get_if<Projection>(&event)) {
      ShowProjection(*p);
    } else if (const auto* f = std::get_if<RunFinished>(&event)) {
      class_names_ = f->class_names;  // comes before the projection it names
    } else if (const auto* e = std::get_if<EpochMetrics>(&event)) {
      emit progressed(e->epoch, e->total_epochs, e->elapsed_seconds);
    }
  }
}

void ProjectionView::OnFinished(const QString& error, bool cancelled) {
  if (!error.isEmpty()) {
    emit errorReported(error);
    emit finished(error, false);
    return;
  }
  emit finished(cancelled ? tr("Projection stopped") : tr("Projection done"), !cancelled);
}

const Projection* ProjectionView::shown() const {
  return shown_ >= 0 && shown_ < static_cast<int>(history_.size()) ? &history_[shown_] : nullptr;
}

void ProjectionView::SetColorBy(ProjectionColorBy by) {
  color_by_->setCurrentIndex(color_by_->findData(static_cast<int>(by)));
}

void ProjectionView::ClearHistory() {
  history_.clear();
  shown_ = -1;
  follow_newest_ = true;
  const QSignalBlocker block(slider_);
  slider_->setRange(0, 0);
  slider_->setEnabled(false);
  epoch_label_->clear();
  hover_label_->setText(tr("Hover a point to see its row"));  // no row of the last dataset stays
}

void ProjectionView::SetClassNames(const std::vector<std::string>& names) {
  if (names == class_names_) return;
  class_names_ = names;
  Display(shown_);
}

void ProjectionView::ShowProjection(const optiscope::Projection& projection) {
  history_.push_back(projection);
  bool shown_dropped = false;
  if (static_cast<int>(history_.size()) > kMaxHistory) {
    std::vector<Projection> kept;
    kept.reserve(history_.size() / 2 + 1);
    for (size_t i = 0; i + 1 < history_.size(); i += 2) kept.push_back(std::move(history_[i]));
    kept.push_back(std::move(history_.back()));
    history_ = std::move(kept);
    shown_dropped = shown_ % 2 == 1;
    if (shown_ >= 0) shown_ /= 2;  // the shown projection (even index) or its predecessor
  }
  const int last = static_cast<int>(history_.size()) - 1;
  {
    const QSignalBlocker block(slider_);
    slider_->setRange(0, last);
    slider_->setEnabled(last > 0);
    slider_->setValue(follow_newest_ ? last : std::max(0, shown_));
  }
  if (follow_newest_) {
    Display(last);
  } else if (shown_dropped) {
    Display(shown_);
  }
}

void ProjectionView::Display(int index) {
  if (index < 0 || index >= static_cast<int>(history_.size())) return;
  shown_ = index;
  const Projection& p = history_[index];
  const auto by = static_cast<ProjectionColorBy>(color_by_->currentData().toInt());
  scatter_->Show(p, by, class_names_);
  scatter_->chart()->setTitle(Title(p));
  epoch_label_->setText(p.what == "hidden" ? tr("epoch %1").arg(p.epoch) : tr("input data"));
  const int total = static_cast<int>(p.xy.size() / 2);
  QString caption = tr("%1 points").arg(total);
  if (scatter_->DrawnPoints() < total) {
    caption = tr("%1 of %2 points drawn").arg(scatter_->DrawnPoints()).arg(total);
  }
  if (scatter_->EffectiveColorBy() != by) {
    caption += tr("; no model predictions here: coloured by class");
  }
  caption_->setText(caption);
  ShowScree(p.explained_variance_ratio, kernel_run_ && p.what == "data");
}

void ProjectionView::ShowScree(const std::vector<double>& ratios, bool kernel) {
  QChart* scree = scree_->chart();
  scree->setTitle(kernel ? tr("Kernel PCA: eigenvalue / trace") : tr("Explained variance ratio"));
  scree->removeAllSeries();
  for (QAbstractAxis* axis : scree->axes()) scree->removeAxis(axis);
  if (ratios.empty()) return;
  auto* set = new QBarSet(tr("ratio"));
  QStringList categories;
  double top = 0.0;
  // The leading components only: 64 bars (digits) left the category axis no room to draw.
  constexpr size_t kMaxScreeBars = 20;
  const size_t shown = std::min(ratios.size(), kMaxScreeBars);
  for (size_t j = 0; j < shown; ++j) {
    set->append(ratios[j]);
    top = std::max(top, ratios[j]);
    categories << QString::number(j + 1);
  }
  auto* bars = new QBarSeries;
  bars->append(set);
  scree->addSeries(bars);
  auto* x = new QBarCategoryAxis;
  x->append(categories);
  x->setTitleText(kernel ? tr("kernel component") : tr("component"));
  x->setLabelsAngle(-90);  // 20 numbers in a narrow chart: upright, they would elide to "..."
  scree_->setToolTip(shown < ratios.size()
                         ? tr("The first %1 of %2 components").arg(shown).arg(ratios.size())
                         : QString());
  auto* y = new QValueAxis;
  y->setRange(0.0, top * 1.1);
  scree->addAxis(x, Qt::AlignBottom);
  scree->addAxis(y, Qt::AlignLeft);
  bars->attachAxis(x);
  bars->attachAxis(y);
}

}  // namespace optiscope::ui
