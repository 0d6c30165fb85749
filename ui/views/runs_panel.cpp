#include "ui/views/runs_panel.h"

#include <QDateTime>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <cmath>

#include "engine/config/config_json.h"
#include "engine/runs/config_diff.h"
#include "ui/charts/chart_tool_bar.h"
#include "ui/charts/runs_chart.h"
#include "ui/run_store_client.h"
#include "ui/views/runs_table.h"

namespace optiscope::ui {
namespace {

constexpr int kRunsPanelResultChars = 60;

// "accuracy 0.9667" / "RMSE 2.31, R² 0.87" from a Train run's test figures, or "".
QString RunsPanelTestResult(const RunFinished& f) {
  if (std::isfinite(f.test_accuracy)) {
    return QObject::tr("accuracy %1").arg(f.test_accuracy, 0, 'f', 4);
  }
  if (std::isfinite(f.test_rmse)) {
    return QObject::tr("RMSE %1, R² %2").arg(f.test_rmse, 0, 'g', 4).arg(f.test_r2, 0, 'f', 4);
  }
  return QString();
}

}  // namespace

RunsPanel::RunsPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("runsPanel");
  store_ = new RunStoreClient(this);
  connect(store_, &RunStoreClient::opened, this, &RunsPanel::OnOpened);
  connect(store_, &RunStoreClient::added, this, &RunsPanel::OnAdded);
  connect(store_, &RunStoreClient::loaded, this, &RunsPanel::OnLoaded);
  connect(store_, &RunStoreClient::removed, this,
          [this](qint64, const QString& error) { OnRemoved(error); });
  table_ = new RunsTable(this);
  table_->setMinimumWidth(220);
  table_->setContextMenuPolicy(Qt::CustomContextMenu);
  connect(table_, &RunsTable::checkedChanged, this, &RunsPanel::UpdateComparison);
  connect(table_, &QTableWidget::itemSelectionChanged, this, &RunsPanel::ShowDetails);
  connect(table_, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
    QMenu menu(this);
    QAction* restore =
        menu.addAction(tr("Restore configuration"), this, &RunsPanel::RestoreSelected);
    QAction* remove = menu.addAction(tr("Delete run"), this, &RunsPanel::DeleteSelected);
    const int row = table_->currentRow();
    restore->setEnabled(row >= 0);
    remove->setEnabled(row >= 0 && row != live_row_);
    menu.exec(table_->viewport()->mapToGlobal(at));
  });

  auto* splitter = new QSplitter(Qt::Horizontal, this);
  splitter->setChildrenCollapsible(false);
  splitter->addWidget(table_);
  splitter->addWidget(BuildChartPane());
  splitter->addWidget(BuildDetailsPane());
  splitter->setStretchFactor(0, 4);
  splitter->setStretchFactor(1, 4);
  splitter->setStretchFactor(2, 3);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  store_label_ = new QLabel(this);
  store_label_->setObjectName("runsStoreLabel");
  store_label_->setWordWrap(true);
  store_label_->setVisible(false);
  layout->addWidget(store_label_);
  layout->addWidget(splitter, 1);
  ShowDetails();
  UpdateComparison();
}

RunsPanel::~RunsPanel() = default;

QWidget* RunsPanel::BuildChartPane() {
  auto* pane = new QWidget(this);
  auto* layout = new QVBoxLayout(pane);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  tools_ = new ChartToolBar(QStringLiteral("runs"), tr("loss"), pane);
  chart_ = new RunsChart(pane);
  layout->addWidget(tools_);
  layout->addWidget(chart_, 1);
  connect(tools_, &ChartToolBar::logScaleToggled, chart_, &RunsChart::SetLogScale);
  connect(tools_, &ChartToolBar::smoothingChanged, chart_, &RunsChart::SetSmoothing);
  return pane;
}

QWidget* RunsPanel::BuildDetailsPane() {
  auto* pane = new QWidget(this);
  pane->setMinimumWidth(180);
  auto* layout = new QVBoxLayout(pane);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  details_ = new QLabel(pane);
  details_->setObjectName("runDetails");
  details_->setWordWrap(true);
  details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  config_view_ = new QPlainTextEdit(pane);
  config_view_->setObjectName("runConfigView");
  config_view_->setReadOnly(true);
  config_view_->setLineWrapMode(QPlainTextEdit::NoWrap);
  config_view_->setToolTip(tr("The configuration the selected run ran"));
  config_view_->setMinimumHeight(36);
  restore_ = new QPushButton(tr("Restore into Experiment"), pane);
  restore_->setObjectName("restoreRunButton");
  restore_->setToolTip(
      tr("Put the selected run's configuration into the Experiment dock, to "
         "run it again or change it"));
  connect(restore_, &QPushButton::clicked, this, &RunsPanel::RestoreSelected);
  layout->addWidget(details_);
  layout->addWidget(config_view_, 1);
  layout->addWidget(restore_);
  return pane;
}

void RunsPanel::OpenStore(const std::string& path) {
  store_state_ = StoreState::kOpening;
  store_->Open(path);
}

void RunsPanel::OnOpened(const QString& error, const std::vector<RunRecord>& stored) {
  if (!error.isEmpty()) {
    store_state_ = StoreState::kUnavailable;
    store_label_->setText(tr("Runs are kept for this session only: %1").arg(error));
    store_label_->setVisible(true);
    emit storeUnavailable(error);
    return;
  }
  store_state_ = StoreState::kOpen;
  store_label_->setVisible(false);
  // The stored runs come before this session's (a run in flight keeps its place at the end).
  std::vector<RunRecord> session = std::move(runs_);
  std::vector<Curve> session_curves = std::move(curves_);
  runs_.clear();
  curves_.clear();
  table_->setRowCount(0);
  for (const RunRecord& run : stored) {
    table_->AddRow(run);
    runs_.push_back(run);
    curves_.push_back(Curve::kUnread);
  }
  const int offset = static_cast<int>(runs_.size());
  for (size_t i = 0; i < session.size(); ++i) {
    table_->AddRow(session[i]);
    runs_.push_back(std::move(session[i]));
    curves_.push_back(session_curves[i]);
  }
  if (live_row_ >= 0) live_row_ += offset;
  UpdateComparison();
}

void RunsPanel::BeginRun(Mode mode, const QString& description, int total_steps,
                         const ExperimentConfig& config) {
  RunRecord run;
  run.mode = ModeName(mode).toStdString();
  run.started_unix = QDateTime::currentSecsSinceEpoch();
  run.description = description.toStdString();
  run.status = "running";
  run.total_steps = total_steps;
  run.config_json = WriteExperimentConfig(config);
  live_row_ = table_->AddRow(run);
  runs_.push_back(std::move(run));
  curves_.push_back(Curve::kThere);
  live_status_known_ = false;
  stop_requested_ = false;
}

void RunsPanel::ShowProgress(int done, int total) {
  if (live_row_ < 0) return;
  RunRecord& run = runs_[static_cast<size_t>(live_row_)];
  run.steps = done;
  run.total_steps = total;
  table_->ShowRow(live_row_, run);
}

void RunsPanel::ShowStarted(const RunStarted& started) {
  if (live_row_ < 0) return;
  RunRecord& run = runs_[static_cast<size_t>(live_row_)];
  run.metric_name = started.metric_name;
  run.epochs.clear();
}

void RunsPanel::AddEpochs(const std::vector<EpochMetrics>& epochs) {
  if (live_row_ < 0 || epochs.empty()) return;
  RunRecord& run = runs_[static_cast<size_t>(live_row_)];
  for (const EpochMetrics& e : epochs) {
    if (!run.epochs.empty() && run.epochs.back().epoch >= e.epoch) continue;  // in order, once
    RunEpoch point;
    point.epoch = e.epoch;
    point.train_loss = e.train_loss;
    point.val_loss = e.val_loss;
    point.train_metric = e.train_metric;
    point.val_metric = e.val_metric;
    run.epochs.push_back(point);
  }
  run.steps = epochs.back().epoch;
  run.total_steps = epochs.back().total_epochs;
  run.seconds = epochs.back().elapsed_seconds;
  table_->ShowRow(live_row_, run);
  if (table_->IsChecked(live_row_)) UpdateComparison();
}

void RunsPanel::ShowFinished(const RunFinished& f) {
  if (live_row_ < 0) return;
  RunRecord& run = runs_[static_cast<size_t>(live_row_)];
  run.status = RunEndName(f.status);
  run.steps = f.epochs_run;
  run.seconds = f.seconds;
  run.result = RunsPanelTestResult(f).toStdString();
  if (run.metric_name.empty()) {
    run.metric_name = std::isfinite(f.test_accuracy) ? "accuracy"
                      : std::isfinite(f.test_rmse)   ? "rmse"
                                                     : "";
  }
  live_status_known_ = true;
}

void RunsPanel::MarkStopRequested() { stop_requested_ = live_row_ >= 0; }

void RunsPanel::EndRun(const QString& summary, bool ok) {
  if (live_row_ < 0) return;
  const int row = live_row_;
  live_row_ = -1;
  RunRecord& run = runs_[static_cast<size_t>(row)];
  run.summary = summary.toStdString();
  if (!live_status_known_) {
    run.status = stop_requested_ ? "cancelled" : ok ? "ok" : "failed";
    if (!std::isfinite(run.seconds)) {
      run.seconds = static_cast<double>(QDateTime::currentSecsSinceEpoch() - run.started_unix);
    }
    QString result = summary;
    if (result.size() > kRunsPanelResultChars)
      result = result.left(kRunsPanelResultChars - 1) + "…";
    run.result = result.toStdString();
  }
  // Its id is a key of this session until the store answers with the run's number (OnAdded).
  run.id = next_local_id_--;
  if (store_state_ == StoreState::kOpening || store_state_ == StoreState::kOpen) {
    saving_.insert(run.id);
    store_->Add(run.id, run);
  }
  table_->ShowRow(row, run);
  if (table_->currentRow() == row) ShowDetails();
  UpdateComparison();
}

void RunsPanel::EnsureEpochs(int row) {
  const size_t i = static_cast<size_t>(row);
  if (curves_[i] != Curve::kUnread) return;
  if (store_state_ != StoreState::kOpen || runs_[i].id <= 0) {
    curves_[i] = Curve::kThere;
    return;
  }
  curves_[i] = Curve::kReading;
  store_->Get(runs_[i].id);
}

int RunsPanel::RowOf(int64_t id) const {
  for (size_t i = 0; i < runs_.size(); ++i) {
    if (runs_[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

QString RunsPanel::RunName(const RunRecord& run, bool say_saving) const {
  if (run.id > 0) return QStringLiteral("#%1").arg(run.id);
  return say_saving && saving_.count(run.id) > 0 ? tr("#… (being saved)") : QStringLiteral("#…");
}

void RunsPanel::OnAdded(int64_t key, int64_t id, const QString& error) {
  saving_.erase(key);
  if (!error.isEmpty()) emit errorReported(tr("The run was not kept: %1").arg(error));
  const int row = RowOf(key);
  if (row < 0) return;  // deleted before the store answered (the store deleted it too)
  if (id > 0) runs_[static_cast<size_t>(row)].id = id;
  table_->ShowRow(row, runs_[static_cast<size_t>(row)]);
  if (table_->currentRow() == row) ShowDetails();
  if (table_->IsChecked(row)) UpdateComparison();
}

void RunsPanel::OnLoaded(int64_t id, const RunRecord& stored, const QString& error) {
  const int row = RowOf(id);
  if (row < 0) return;  // deleted meanwhile
  const size_t i = static_cast<size_t>(row);
  curves_[i] = Curve::kThere;
  if (error.isEmpty()) {
    runs_[i].epochs = stored.epochs;
  } else {
    emit errorReported(tr("Cannot read run %1: %2").arg(RunName(runs_[i]), error));
  }
  if (table_->IsChecked(row)) UpdateComparison();
}

void RunsPanel::OnRemoved(const QString& error) {
  if (error.isEmpty()) return;
  emit errorReported(
      tr("Cannot delete the run from the runs file (it is listed again at the next start): %1")
          .arg(error));
}

void RunsPanel::UpdateComparison() {
  const std::vector<int> rows = table_->CheckedRows();
  std::vector<std::string> configs;
  for (int row : rows) {
    EnsureEpochs(row);
    configs.push_back(run(row).config_json);
  }
  Result<std::vector<ConfigDifference>> diffs = DiffConfigs(configs);
  std::vector<ConfigDifference> differences = diffs.ok() ? *diffs : std::vector<ConfigDifference>{};
  std::vector<ComparedRun> compared;
  for (size_t k = 0; k < rows.size(); ++k) {
    const RunRecord& r = run(rows[k]);
    ComparedRun c;
    c.id = r.id;
    c.metric_name = QString::fromStdString(r.metric_name);
    c.epochs = r.epochs;
    const QString values = QString::fromStdString(DescribeValues(differences, k));
    c.legend = RunName(r) + QLatin1Char(' ') +
               (values.isEmpty() ? QString::fromStdString(r.mode) : values);
    if (curves_[static_cast<size_t>(rows[k])] == Curve::kReading) {
      c.legend += tr(" (loading)");
    } else if (r.epochs.empty()) {
      c.legend += tr(" (no curve)");
    }
    compared.push_back(std::move(c));
  }
  QString title;
  if (!diffs.ok()) {
    title = tr("Cannot compare: %1").arg(QString::fromStdString(diffs.status().message()));
  } else if (rows.size() == 2) {
    title = QString::fromStdString(DescribeChange(differences, 0, 1));
    if (title.isEmpty()) title = tr("Same configuration");
  } else if (rows.size() > 2) {
    QStringList labels;
    for (const ConfigDifference& d : differences) labels << QString::fromStdString(d.label);
    title = labels.isEmpty()
                ? tr("Same configuration")
                : tr("Differ in %1")
                      .arg(labels.mid(0, 4).join(", ") + (labels.size() > 4 ? ", …" : ""));
  } else if (rows.size() == 1) {
    title = QString::fromStdString(run(rows[0]).description);
  }
  chart_->SetRuns(std::move(compared), title);
}

void RunsPanel::ShowDetails() {
  const int row = table_->currentRow();
  restore_->setEnabled(row >= 0);
  if (row < 0 || row >= static_cast<int>(runs_.size())) {
    details_->setText(tr("Select a run to see its configuration."));
    config_view_->clear();
    return;
  }
  const RunRecord& r = run(row);
  QString text =
      tr("<b>%1</b> %2 · %3 · %4")
          .arg(RunName(r, true).toHtmlEscaped(), QString::fromStdString(r.mode).toHtmlEscaped(),
               QString::fromStdString(r.status).toHtmlEscaped(),
               QDateTime::fromSecsSinceEpoch(r.started_unix)
                   .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
  if (!r.summary.empty()) {
    text += QStringLiteral("<br>") + QString::fromStdString(r.summary).toHtmlEscaped();
  }
  details_->setText(text);
  config_view_->setPlainText(QString::fromStdString(r.config_json));
}

void RunsPanel::RestoreSelected() {
  const int row = table_->currentRow();
  if (row < 0 || row >= static_cast<int>(runs_.size())) {
    emit errorReported(tr("Select a run to restore its configuration"));
    return;
  }
  const RunRecord& r = run(row);
  const QString name = tr("run %1").arg(RunName(r, true));
  Result<ExperimentConfig> config = ParseExperimentConfig(r.config_json, name.toStdString());
  if (!config.ok()) {
    emit errorReported(
        tr("Cannot restore %1: %2").arg(name, QString::fromStdString(config.status().message())));
    return;
  }
  emit restoreRequested(*config, name);
}

void RunsPanel::DeleteSelected() {
  const int row = table_->currentRow();
  if (row < 0 || row >= static_cast<int>(runs_.size()) || row == live_row_) return;
  const int64_t id = runs_[static_cast<size_t>(row)].id;
  // A stored run, or one being stored (the store deletes it right after adding it).
  if (id > 0 || saving_.count(id) > 0) store_->Remove(id);
  runs_.erase(runs_.begin() + row);
  curves_.erase(curves_.begin() + row);
  if (live_row_ > row) --live_row_;
  table_->removeRow(row);
  ShowDetails();
  UpdateComparison();
}

}  // namespace optiscope::ui
