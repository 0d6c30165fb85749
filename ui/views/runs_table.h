// RunsTable: the list of the Runs tab — one row per run of any mode, this session's and the ones
// kept from before, each with a checkbox that puts its curves on the comparison chart.
#pragma once

#include <QTableWidget>
#include <vector>

#include "engine/runs/run_record.h"

namespace optiscope::ui {

// Columns: run (checkbox and "#id"), mode, experiment, status, epochs (or trials, variants),
// seconds, result, started. Rows are in the order they were added (the newest last); the table
// shows records, it keeps no data of its own beyond the texts. GUI thread only.
class RunsTable final : public QTableWidget {
  Q_OBJECT

 public:
  enum Column { kRun, kMode, kExperiment, kStatus, kSteps, kSeconds, kResult, kStarted, kNumCols };

  explicit RunsTable(QWidget* parent = nullptr);

  // Appends a row showing `run`, unchecked; returns its row. Does not emit checkedChanged.
  int AddRow(const RunRecord& run);
  // Shows `run` in row `row` (REQUIRES 0 <= row < rowCount()); keeps the check state.
  void ShowRow(int row, const RunRecord& run);
  // Checks or unchecks `row`'s checkbox (as a click does: checkedChanged follows).
  void SetChecked(int row, bool checked);
  bool IsChecked(int row) const;
  // The checked rows, ascending.
  std::vector<int> CheckedRows() const;

 signals:
  // A row's checkbox changed (a click, or SetChecked).
  void checkedChanged();

 private:
  bool filling_ = false;  // itemChanged from AddRow / ShowRow is not a user's check
};

}  // namespace optiscope::ui
