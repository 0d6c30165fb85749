// DataInspector: the Data section's "Columns" tab, as Weka's Preprocess panel or Orange's Feature
// Statistics: one row per column of the loaded data (Ignore switch, name, type, missing cells,
// distribution, association with the target, min / max / mean) and the selected column's details
// and histogram below. The engine computes every figure (engine/data/column_profile.h); this only
// shows them.
#pragma once

#include <QStringList>
#include <QWidget>

#include "engine/data/column_profile.h"

class QLabel;
class QStandardItem;
class QStandardItemModel;
class QTableView;

namespace optiscope::ui {

class HistogramBars;

// Ignoring is a request: the widget emits ignoreToggled when the user flips a switch and shows
// what SetIgnored says (the Data section owns the list: data.drop_columns). The target has no
// switch; columns flagged as leakage carry a warning icon and their reason as tooltip. GUI thread
// only.
class DataInspector final : public QWidget {
  Q_OBJECT

 public:
  // Table columns, in order.
  enum TableColumn {
    kIgnoreColumn = 0,
    kNameColumn,
    kTypeColumn,
    kMissingColumn,
    kDistributionColumn,  // the histogram
    kTargetColumn,  // association with the target
    kMinColumn,
    kMaxColumn,
    kMeanColumn,
    kColumnCount
  };

  explicit DataInspector(QWidget* parent = nullptr);

  // Shows `profile` (one row per column; the selection kept by name). `can_ignore`: the data
  // takes data.drop_columns (CSV and built-in data, not synthetic); else the switches are off and
  // disabled. Switches start as SetIgnored last said.
  void SetProfile(const TableProfile& profile, bool can_ignore);
  // Empties the table and the details (no data, or the data failed to load); `why` is shown.
  void Clear(const QString& why = QString());
  // Ticks the Ignore switch of exactly these columns (names that are not columns are skipped).
  // Emits nothing.
  void SetIgnored(const QStringList& names);

  // The row of column `name`, or -1.
  int RowOf(const QString& name) const;
  // Whether the switch of `name` is ticked.
  bool IsIgnored(const QString& name) const;
  // The Ignore switch of `name` (nullptr for the target or an unknown name): tests flip it as a
  // user would (setCheckState), which emits ignoreToggled.
  QStandardItem* IgnoreSwitch(const QString& name) const;
  // The text shown in `column` of the row of `name` (empty when there is none).
  QString CellText(const QString& name, TableColumn column) const;
  QTableView* table() const { return table_; }
  HistogramBars* histogram() const { return histogram_; }
  // The details shown for the selected column (plain text of the label).
  QString DetailsText() const;

 signals:
  // The user flipped the Ignore switch of `name`.
  void ignoreToggled(const QString& name, bool ignored);

 private:
  void ShowDetails(int row);
  void StyleRow(int row);
  void FitTableHeight();

  QTableView* table_ = nullptr;
  QStandardItemModel* model_ = nullptr;
  QLabel* details_ = nullptr;
  HistogramBars* histogram_ = nullptr;
  TableProfile profile_;
  QStringList ignored_;
  bool can_ignore_ = false;
  bool filling_ = false;  // set while the widget itself changes check states
};

}  // namespace optiscope::ui
