#include "ui/views/runs_table.h"

#include <QHeaderView>
#include <cmath>

namespace optiscope::ui {
namespace {
enum Col { kIndex, kExperiment, kStatus, kEpochs, kSeconds, kMetric, kLoss, kNumCols };
}

RunsTable::RunsTable(QWidget* parent) : QTableWidget(0, kNumCols, parent) {
  setHorizontalHeaderLabels({tr("#"), tr("Experiment"), tr("Status"), tr("Epochs"),
                             tr("Seconds"), tr("Test metric"), tr("Test loss")});
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setSelectionBehavior(QAbstractItemView::SelectRows);
  verticalHeader()->hide();
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  horizontalHeader()->setSectionResizeMode(kExperiment, QHeaderView::Stretch);
  setToolTip(tr("The runs of this session: settings and results"));
}

void RunsTable::AddRun(const QString& description, int total_epochs) {
  const int row = rowCount();
  insertRow(row);
  for (int c = 0; c < kNumCols; ++c) setItem(row, c, new QTableWidgetItem());
  SetCell(kIndex, QString::number(row + 1));
  SetCell(kExperiment, description);
  SetCell(kStatus, tr("running"));
  SetCell(kEpochs, QStringLiteral("0 / %1").arg(total_epochs));
  scrollToBottom();
}

void RunsTable::ShowEpoch(const EpochMetrics& e) {
  SetCell(kEpochs, QStringLiteral("%1 / %2").arg(e.epoch).arg(e.total_epochs));
  SetCell(kSeconds, QString::number(e.elapsed_seconds, 'f', 2));
}

void RunsTable::ShowFinished(const RunFinished& f) {
  if (rowCount() == 0) return;
  QString status = QString::fromLatin1(RunEndName(f.status));
  SetCell(kStatus, status);
  item(rowCount() - 1, kStatus)->setToolTip(QString::fromStdString(f.reason));
  SetCell(kEpochs, QString::number(f.epochs_run));
  SetCell(kSeconds, QString::number(f.seconds, 'f', 2));
  if (std::isfinite(f.test_accuracy)) {
    SetCell(kMetric, tr("accuracy %1").arg(f.test_accuracy, 0, 'f', 4));
  } else if (std::isfinite(f.test_rmse)) {
    SetCell(kMetric, tr("RMSE %1").arg(f.test_rmse, 0, 'g', 4));
  }
  if (std::isfinite(f.test_loss)) SetCell(kLoss, QString::number(f.test_loss, 'g', 4));
}

void RunsTable::SetCell(int column, const QString& text) {
  if (rowCount() == 0) return;
  item(rowCount() - 1, column)->setText(text);
}

}  // namespace optiscope::ui
