// TrialsFilterModel: the sortable, filterable view of a TrialsModel shown by the trials table.
#pragma once

#include <QSortFilterProxyModel>

#include "ui/models/trials_model.h"

namespace optiscope::ui {

// Sorts numerically (TrialsModel's Qt::UserRole) and keeps the rows whose state is shown and
// whose text (any cell or the reason) contains the filter text, case-insensitively.
// GUI thread only.
class TrialsFilterModel final : public QSortFilterProxyModel {
  Q_OBJECT

 public:
  explicit TrialsFilterModel(QObject* parent = nullptr);

  // Shows or hides the rows of one state.
  void SetStateVisible(TrialState state, bool visible);
  bool IsStateVisible(TrialState state) const;
  // Keeps only rows containing `text` (empty: all).
  void SetText(const QString& text);

 protected:
  bool filterAcceptsRow(int source_row, const QModelIndex& source_parent) const override;
  bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

 private:
  unsigned state_mask_ = 0xF;
  QString text_;
};

}  // namespace optiscope::ui
