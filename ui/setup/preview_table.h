// PreviewTable: the Data section's "Preview" tab — the first rows of the data, each header naming
// its column and inferred type, and ignored columns (data.drop_columns) dimmed and marked.
#pragma once

#include <QStringList>
#include <QTableView>

#include "ui/data_preview.h"

class QStandardItemModel;

namespace optiscope::ui {

// Read-only. GUI thread only.
class PreviewTable final : public QTableView {
  Q_OBJECT

 public:
  explicit PreviewTable(QWidget* parent = nullptr);

  // Shows the preview's rows and headers (columns in SetIgnored's list marked).
  void Show(const DataPreview& preview);
  void Clear();
  // Marks these columns as ignored: header "name / type, ignored", cells dimmed. Returns how many
  // of the names are columns shown.
  int SetIgnored(const QStringList& names);
  int RowCount() const;
  // The header text of column `c` ("" outside the table).
  QString HeaderText(int c) const;

 private:
  QStandardItemModel* model_ = nullptr;
  QStringList names_;
  QStringList types_;
  QStringList ignored_;
};

}  // namespace optiscope::ui
