#include "ui/views/runs_table.h"

#include <QDateTime>
#include <QHeaderView>
#include <cmath>

namespace optiscope::ui {
namespace {

QString RunsTableModeLabel(const std::string& mode) {
  QString text = QString::fromStdString(mode);
  if (!text.isEmpty()) text[0] = text[0].toUpper();
  return text;
}

QString RunsTableStepsText(const RunRecord& run) {
  if (run.status == "running") return QStringLiteral("%1 / %2").arg(run.steps).arg(run.total_steps);
  return QString::number(run.steps);
}

}  // namespace

RunsTable::RunsTable(QWidget* parent) : QTableWidget(0, kNumCols, parent) {
  setObjectName("runsTable");
  setHorizontalHeaderLabels({tr("Run"), tr("Mode"), tr("Experiment"), tr("Status"), tr("Steps"),
                             tr("Seconds"), tr("Result"), tr("Started")});
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionBehavior(QAbstractItemView::SelectRows);
  setSelectionMode(QAbstractItemView::SingleSelection);
  verticalHeader()->hide();
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  horizontalHeader()->setSectionResizeMode(kExperiment, QHeaderView::Stretch);
  horizontalHeaderItem(kSteps)->setToolTip(
      tr("Epochs (Train), trials (Search) or variants "
         "(Compress) done"));
  setToolTip(
      tr("Every run of every mode, kept between sessions. Check runs to overlay their "
         "curves; select one to see its configuration."));
  connect(this, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (!filling_ && item->column() == kRun) emit checkedChanged();
  });
}

int RunsTable::AddRow(const RunRecord& run) {
  filling_ = true;
  const int row = rowCount();
  insertRow(row);
  for (int c = 0; c < kNumCols; ++c) setItem(row, c, new QTableWidgetItem());
  item(row, kRun)->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
  item(row, kRun)->setCheckState(Qt::Unchecked);
  filling_ = false;
  ShowRow(row, run);
  scrollToBottom();
  return row;
}

void RunsTable::ShowRow(int row, const RunRecord& run) {
  filling_ = true;
  item(row, kRun)->setText(run.id > 0 ? QStringLiteral("#%1").arg(run.id) : QStringLiteral("#…"));
  item(row, kRun)->setToolTip(run.id > 0 ? tr("Check to overlay its curves")
                                         : tr("Not stored (yet): check to overlay its curves"));
  item(row, kMode)->setText(RunsTableModeLabel(run.mode));
  item(row, kExperiment)->setText(QString::fromStdString(run.description));
  item(row, kExperiment)->setToolTip(QString::fromStdString(run.summary));
  item(row, kStatus)->setText(QString::fromStdString(run.status));
  item(row, kSteps)->setText(RunsTableStepsText(run));
  item(row, kSeconds)
      ->setText(std::isfinite(run.seconds) ? QString::number(run.seconds, 'f', 2) : QString());
  item(row, kResult)->setText(QString::fromStdString(run.result));
  item(row, kStarted)
      ->setText(QDateTime::fromSecsSinceEpoch(run.started_unix)
                    .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
  filling_ = false;
}

void RunsTable::SetChecked(int row, bool checked) {
  item(row, kRun)->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

bool RunsTable::IsChecked(int row) const { return item(row, kRun)->checkState() == Qt::Checked; }

std::vector<int> RunsTable::CheckedRows() const {
  std::vector<int> rows;
  for (int r = 0; r < rowCount(); ++r) {
    if (IsChecked(r)) rows.push_back(r);
  }
  return rows;
}

}  // namespace optiscope::ui
