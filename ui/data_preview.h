// DataPreview: what the Data section shows about a data source (first rows, column names and
// inferred types, task of the chosen target), computed off the GUI thread from engine values.
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "engine/config/experiment_config.h"
#include "engine/data/column_profile.h"
#include "engine/data/table.h"

namespace optiscope::ui {

// A plain value: safe to build on a worker thread and hand to the GUI thread.
// The preview names "ignored" nothing: data.drop_columns is the Data section's to show.
struct DataPreview {
  int request_id = 0;        // echoes the request, so stale answers can be dropped
  QString source;            // the DataConfig::source it describes
  QString error;             // non-empty: loading failed with this message (Status text)
  QStringList column_names;  // all columns, target included
  QStringList column_types;  // "numeric" / "categorical", one per column
  std::vector<QStringList> rows;  // the first rows, formatted, one cell per column
  qint64 total_rows = 0;
  QString target;            // the target column the summary refers to
  QString task_summary;      // "classification (3 classes)" or "regression"
  // Every column profiled for the data inspector (engine/data/column_profile.h), the target as
  // the summary reads it; empty columns when profiling failed (profile_error says why).
  TableProfile profile;
  QString profile_error;
  bool columns_droppable = false;  // data.drop_columns applies (CSV and built-in, not synthetic)
  // The parsed table (CSV and built-in sources), kept to recompute the summary for another target
  // without reparsing. Immutable once shared. Null for synthetic data.
  std::shared_ptr<const Table> table;
};

// How many rows a preview shows.
inline constexpr int kPreviewRows = 50;

// Loads data.source (built-in, CSV path or "synthetic") and describes it with data.target and
// data.task (target empty = last column). Runs the engine's readers: call it off the GUI thread.
// Never throws; failures land in `error`.
DataPreview BuildDataPreview(const DataConfig& data, int request_id);

// Recomputes rows/summary for another target over an already parsed table. Off the GUI thread.
DataPreview DescribeTable(std::shared_ptr<const Table> table, const DataConfig& data,
                          int request_id);

}  // namespace optiscope::ui

Q_DECLARE_METATYPE(optiscope::ui::DataPreview)
