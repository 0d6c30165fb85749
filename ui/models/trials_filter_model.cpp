#include "ui/models/trials_filter_model.h"

namespace optiscope::ui {

TrialsFilterModel::TrialsFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
  setSortRole(Qt::UserRole);
  setDynamicSortFilter(true);
}

void TrialsFilterModel::SetStateVisible(TrialState state, bool visible) {
  const unsigned bit = 1u << static_cast<unsigned>(state);
  const unsigned mask = visible ? (state_mask_ | bit) : (state_mask_ & ~bit);
  if (mask == state_mask_) return;
  state_mask_ = mask;
  invalidateFilter();
}

bool TrialsFilterModel::IsStateVisible(TrialState state) const {
  return (state_mask_ & (1u << static_cast<unsigned>(state))) != 0;
}

void TrialsFilterModel::SetText(const QString& text) {
  if (text == text_) return;
  text_ = text;
  invalidateFilter();
}

bool TrialsFilterModel::filterAcceptsRow(int source_row, const QModelIndex&) const {
  const auto* model = static_cast<const TrialsModel*>(sourceModel());
  if (model == nullptr || source_row >= static_cast<int>(model->trials().size())) return false;
  const TrialRecord& t = model->trials()[source_row];
  if ((state_mask_ & (1u << static_cast<unsigned>(t.state))) == 0) return false;
  if (text_.isEmpty()) return true;
  if (QString::fromStdString(t.reason).contains(text_, Qt::CaseInsensitive)) return true;
  const int columns = model->columnCount();
  for (int c = 0; c < columns; ++c) {
    if (model->data(model->index(source_row, c), Qt::DisplayRole)
            .toString()
            .contains(text_, Qt::CaseInsensitive)) {
      return true;
    }
  }
  return false;
}

bool TrialsFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
  const QVariant a = left.data(Qt::UserRole);
  const QVariant b = right.data(Qt::UserRole);
  if (a.typeId() == QMetaType::QString || b.typeId() == QMetaType::QString) {
    return a.toString() < b.toString();
  }
  return a.toDouble() < b.toDouble();
}

}  // namespace optiscope::ui
