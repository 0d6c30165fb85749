#include "ui/views/search_view.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/search/study.h"
#include "ui/charts/study_charts.h"
#include "ui/eliding_label.h"
#include "ui/job_runner.h"
#include "ui/models/trials_filter_model.h"
#include "ui/models/trials_model.h"
#include "ui/setup/search_section.h"
#include "ui/study_watcher.h"
#include "ui/views/search_spec.h"

namespace optiscope::ui {
namespace {

double Now() { return QDateTime::currentMSecsSinceEpoch() / 1000.0; }

QWidget* WithControls(QWidget* chart, std::initializer_list<QWidget*> controls, QWidget* parent) {
  auto* page = new QWidget(parent);
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(0, 2, 0, 0);
  auto* row = new QHBoxLayout();
  for (QWidget* c : controls) row->addWidget(c);
  row->addStretch(1);
  layout->addLayout(row);
  layout->addWidget(chart, 1);
  return page;
}

}  // namespace

SearchView::SearchView(QWidget* parent) : ModeView(parent) {
  setObjectName("searchView");
  runner_ = new JobRunner(this);
  importance_runner_ = new JobRunner(this);
  loader_ = new JobRunner(this);
  contour_runner_ = new JobRunner(this);
  model_ = new TrialsModel(this);
  proxy_ = new TrialsFilterModel(this);
  proxy_->setSourceModel(model_);
  BuildLayout();
  BuildSteeringActions();
  connect(runner_, &JobRunner::eventsReceived, this, &SearchView::IngestEvents);
  connect(runner_, &JobRunner::finished, this, &SearchView::OnFinished);
  UpdateActions();
}

SearchView::~SearchView() {
  // Join the workers before the model and charts they feed go away.
  delete runner_;
  delete importance_runner_;
  delete loader_;
  delete contour_runner_;
  delete watcher_;  // stops its worker without waiting on the store
}

void SearchView::BuildLayout() {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(BuildToolbar());
  auto* split = new QSplitter(Qt::Horizontal, this);
  split->addWidget(BuildTablePane());

  tabs_ = new QTabWidget(split);
  tabs_->setObjectName("searchAnalysisTabs");
  history_ = new StudyHistoryChart(model_, tabs_);
  parallel_ = new StudyParallelChart(model_, tabs_);
  slice_ = new StudySliceChart(model_, tabs_);
  contour_ = new StudyContourChart(model_, tabs_);
  importance_ = new StudyImportanceChart(model_, tabs_);
  intermediate_ = new StudyIntermediateChart(model_, tabs_);
  pareto_ = new StudyParetoChart(model_, tabs_);
  edf_ = new StudyEdfChart(model_, tabs_);
  slice_param_ = new QComboBox(tabs_);
  slice_param_->setToolTip(tr("The parameter on the x axis"));
  connect(slice_param_, &QComboBox::currentTextChanged, slice_, &StudySliceChart::SetParam);
  contour_x_ = new QComboBox(tabs_);
  contour_y_ = new QComboBox(tabs_);
  for (QComboBox* c : {slice_param_, contour_x_, contour_y_}) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  }
  contour_x_->setToolTip(tr("The parameter on the x axis"));
  contour_y_->setToolTip(tr("The parameter on the y axis"));
  auto pair_changed = [this] {
    contour_->SetPair(contour_x_->currentText(), contour_y_->currentText());
    MaybeComputeContour(true);
  };
  connect(contour_x_, &QComboBox::currentTextChanged, this, pair_changed);
  connect(contour_y_, &QComboBox::currentTextChanged, this, pair_changed);
  tabs_->addTab(history_, tr("History"));
  tabs_->addTab(parallel_, tr("Parallel"));
  tabs_->addTab(WithControls(slice_, {new QLabel(tr("Parameter"), tabs_), slice_param_}, tabs_),
                tr("Slice"));
  tabs_->addTab(
      WithControls(contour_,
                   {new QLabel(tr("x"), tabs_), contour_x_, new QLabel(tr("y"), tabs_), contour_y_},
                   tabs_),
      tr("Contour"));
  tabs_->addTab(importance_, tr("Importance"));
  tabs_->addTab(intermediate_, tr("Intermediate"));
  tabs_->addTab(pareto_, tr("Pareto"));
  tabs_->addTab(edf_, tr("EDF"));
  const QStringList tips = {
      tr("Objective of each complete trial and the best so far"),
      tr("One polyline per trial across every parameter and the objective"),
      tr("Objective against one parameter"),
      tr("The objective interpolated over two parameters (Gaussian-process mean, recomputed "
         "every %1 complete trials) with the sampled trials on top")
          .arg(kImportanceEvery),
      tr("fANOVA importance of each parameter, recomputed every %1 complete trials")
          .arg(kImportanceEvery),
      tr("Reported values of every trial per step; pruned trials dimmed"),
      tr("Trade-off between two objectives and its Pareto front"),
      tr("Empirical distribution of the objective")};
  for (int i = 0; i < tips.size(); ++i) tabs_->setTabToolTip(i, tips[i]);
  for (StudyPlot* chart : std::initializer_list<StudyPlot*>{history_, parallel_, slice_, contour_,
                                                            intermediate_, pareto_, edf_}) {
    connect(chart, &StudyPlot::trialClicked, this, &SearchView::SelectTrial);
  }
  split->addWidget(tabs_);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  layout->addWidget(split, 1);
}

QWidget* SearchView::BuildTablePane() {
  auto* pane = new QSplitter(Qt::Vertical, this);
  auto* top = new QWidget(pane);
  auto* layout = new QVBoxLayout(top);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* filters = new QHBoxLayout();
  for (TrialState state :
       {TrialState::kComplete, TrialState::kPruned, TrialState::kFailed, TrialState::kRunning}) {
    auto* box = new QCheckBox(TrialStateText(state), top);
    box->setChecked(true);
    box->setToolTip(tr("Show %1 trials").arg(TrialStateText(state)));
    QPalette pal = box->palette();
    pal.setColor(QPalette::WindowText, TrialStateColor(state));
    box->setPalette(pal);
    connect(box, &QCheckBox::toggled, this,
            [this, state](bool on) { proxy_->SetStateVisible(state, on); });
    filters->addWidget(box);
    state_boxes_.push_back(box);
  }
  filter_text_ = new QLineEdit(top);
  filter_text_->setPlaceholderText(tr("Filter trials..."));
  filter_text_->setClearButtonEnabled(true);
  filter_text_->setToolTip(tr("Keep trials whose row or reason contains this text"));
  connect(filter_text_, &QLineEdit::textChanged, proxy_, &TrialsFilterModel::SetText);
  filters->addWidget(filter_text_, 1);
  layout->addLayout(filters);
  table_ = new QTableView(top);
  table_->setObjectName("trialsTable");
  table_->setModel(proxy_);
  table_->setSortingEnabled(true);
  table_->sortByColumn(TrialsModel::kNumberColumn, Qt::AscendingOrder);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->setVisible(false);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->horizontalHeader()->setStretchLastSection(true);
  table_->setToolTip(
      tr("Every trial; click one for its curve and configuration, click a header "
         "to sort"));
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) {
            if (!current.isValid()) return;
            const QModelIndex source = proxy_->mapToSource(current);
            if (source.row() < static_cast<int>(model_->trials().size())) {
              selected_ = model_->trials()[source.row()].number;
              ShowDetails();
              UpdateActions();
            }
          });
  layout->addWidget(table_, 1);

  auto* detail = new QSplitter(Qt::Horizontal, pane);
  trial_curve_ = new StudyIntermediateChart(model_, detail);
  trial_curve_->SetTrial(-1);
  details_ = new QPlainTextEdit(detail);
  details_->setReadOnly(true);
  details_->setPlaceholderText(tr("Click a trial to see its configuration"));
  detail->addWidget(trial_curve_);
  detail->addWidget(details_);
  // In a small window (1024x700) the chart's own minimum (its title and axes) took the whole
  // width and covered the configuration text: both get a modest minimum and share the rest.
  trial_curve_->setMinimumWidth(160);
  details_->setMinimumWidth(150);
  detail->setChildrenCollapsible(false);
  detail->setStretchFactor(0, 3);
  detail->setStretchFactor(1, 2);
  pane->addWidget(top);
  pane->addWidget(detail);
  pane->setStretchFactor(0, 3);
  pane->setStretchFactor(1, 2);
  return pane;
}

bool SearchView::IsRunning() const { return runner_->IsRunning(); }

void SearchView::RequestStop() { runner_->RequestStop(); }

bool SearchView::Start(const ExperimentConfig& config) {
  SearchSection* s = section();
  if (s == nullptr) {
    emit errorReported(tr("Search: no Search section to read the study settings from"));
    return false;
  }
  Result<SearchSettings> settings = s->Settings();
  if (!settings.ok()) {
    emit errorReported(tr("Search: %1").arg(QString::fromStdString(settings.status().message())));
    return false;
  }
  const std::string json = BuildStudySpecJson(*settings, config);
  Result<StudySpec> spec = ParseStudySpec(json, "search settings");
  if (!spec.ok()) {
    emit errorReported(tr("Search: %1").arg(QString::fromStdString(spec.status().message())));
    return false;
  }
  return StartSpec(std::move(spec).value(), settings->storage);
}

bool SearchView::StartSpec(StudySpec spec, const std::string& storage) {
  if (IsRunning() || loader_->IsRunning()) {
    emit errorReported(tr("Search: a study is already running"));
    return false;
  }
  Detach();  // a run of this window replaces the attached study
  if (spec.text.empty()) spec.text = "{}";
  auto steering = std::make_shared<Steering>();
  const bool launched = runner_->Start(
      [spec, storage, steering](std::stop_token stop, EventSink& sink) -> std::string {
        Result<std::unique_ptr<StudyStore>> store = OpenStudyStore(storage);
        if (!store.ok()) return store.status().message();
        Result<std::unique_ptr<StudyObjective>> objective = MakeStudyObjective(spec);
        if (!objective.ok()) return objective.status().message();
        Result<std::unique_ptr<Study>> study = Study::Open(
            spec, **store, std::shared_ptr<StudyObjective>(std::move(objective).value()), sink);
        if (!study.ok()) return study.status().message();
        {
          std::lock_guard lock(steering->mu);
          steering->study = study->get();
        }
        Result<StudySummary> summary = (*study)->Run(stop);
        {
          std::lock_guard lock(steering->mu);
          steering->study = nullptr;
        }
        return summary.ok() ? std::string() : summary.status().message();
      });
  if (!launched) return false;
  steering_ = steering;
  ShowSpec(spec);
  spec_ = std::move(spec);
  model_->Reset(model_->objective_names(), model_->param_names());
  importance_done_at_ = 0;
  importance_->SetMessage(QString());
  contour_done_at_ = 0;
  contour_key_.clear();
  contour_->SetGrid(std::nullopt);
  in_memory_ = storage == "memory";
  ClearDetails();
  finish_summary_.clear();
  started_at_ = Now();
  pause_->setChecked(false);
  const QString description =
      tr("study '%1': %2 sampler, %3 pruner, %4 trials")
          .arg(QString::fromStdString(spec_->name), QString::fromStdString(spec_->sampler),
               QString::fromStdString(spec_->pruner))
          .arg(spec_->n_trials);
  status_->SetFullText(description);
  emit started(description, spec_->n_trials);
  UpdateActions();
  return true;
}

void SearchView::ShowSpec(const StudySpec& spec) {
  QStringList objectives;
  if (spec.objective_kind == ObjectiveKind::kExperiment) {
    for (const std::string& m : spec.experiment.metrics) objectives << QString::fromStdString(m);
  } else {
    objectives << QString::fromStdString(spec.function);
  }
  QStringList params;
  for (const ParamSpec& p : spec.space.params()) params << QString::fromStdString(p.name);
  model_->Reset(objectives, params);
  model_->SetDirections(spec.directions);
  UpdateParamChoices();
}

void SearchView::UpdateParamChoices() {
  const QStringList& params = model_->param_names();
  const QString slice = slice_param_->currentText();
  const QString x = contour_x_->currentText();
  const QString y = contour_y_->currentText();
  for (QComboBox* c : {slice_param_, contour_x_, contour_y_}) {
    QSignalBlocker block(c);
    c->clear();
    c->addItems(params);
  }
  slice_param_->setCurrentText(params.contains(slice) ? slice : params.value(0));
  contour_x_->setCurrentText(params.contains(x) ? x : params.value(0));
  contour_y_->setCurrentText(
      params.contains(y) ? y : params.value(std::min<int>(1, params.size() - 1)));
  slice_->SetParam(slice_param_->currentText());
  contour_->SetPair(contour_x_->currentText(), contour_y_->currentText());
}

void SearchView::IngestEvents(const std::vector<Event>& events) {
  model_->Ingest(events);
  if (slice_param_->count() != model_->param_names().size()) UpdateParamChoices();
  for (const Event& e : events) {
    if (const auto* f = std::get_if<StudyFinished>(&e)) {
      finish_summary_ = tr("Study '%1' finished: %2 trials, %3")
                            .arg(QString::fromStdString(f->study))
                            .arg(f->n_trials)
                            .arg(QString::fromStdString(f->reason));
      if (f->best_trial >= 0 && !f->best_values.empty()) {
        finish_summary_ +=
            tr("; best trial %1 (%2)").arg(f->best_trial).arg(f->best_values[0], 0, 'g', 6);
      }
    }
  }
  MaybeComputeImportance(false);
  MaybeComputeContour(false);
  RefreshCharts();
  if (selected_) ShowDetails();
  UpdateActions();  // the study became steerable, or the selected trial changed state
  if (IsRunning() && spec_) {
    emit progressed(model_->num_finished(), spec_->n_trials, Now() - started_at_);
  }
}

void SearchView::RefreshCharts() {
  for (StudyPlot* chart : findChildren<StudyPlot*>()) chart->update();
}

void SearchView::OnFinished(const QString& error, bool cancelled) {
  {
    std::lock_guard lock(steering_->mu);
    steering_->study = nullptr;
  }
  MaybeComputeImportance(true);
  MaybeComputeContour(true);
  RefreshCharts();
  UpdateActions();
  if (!error.isEmpty()) {
    status_->SetFullText(tr("Study failed"));
    emit finished(tr("Search failed: %1").arg(error), false);
    return;
  }
  QString summary = finish_summary_.isEmpty() ? tr("Study finished") : finish_summary_;
  if (cancelled) summary += tr(" (stopped)");
  status_->SetFullText(summary);
  emit finished(summary, true);
}

}  // namespace optiscope::ui
