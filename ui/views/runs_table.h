// RunsTable: the "Runs" tab of the bottom dock — one row per run of this session, so runs with
// different settings can be compared at a glance.
#pragma once

#include <QTableWidget>

#include "engine/events/events.h"

namespace optiscope::ui {

// Columns: #, experiment, status, epochs, seconds, test metric, test loss. The newest run is the
// last row; a running row updates its epoch count. GUI thread only.
class RunsTable final : public QTableWidget {
  Q_OBJECT

 public:
  explicit RunsTable(QWidget* parent = nullptr);

  // Adds a row for a run that is starting.
  void AddRun(const QString& description, int total_epochs);
  // Updates the newest row.
  void ShowEpoch(const EpochMetrics& epoch);
  void ShowFinished(const RunFinished& finished);

 private:
  void SetCell(int column, const QString& text);
};

}  // namespace optiscope::ui
