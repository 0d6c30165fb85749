#include "ui/setup/preview_table.h"

#include <QHeaderView>
#include <QStandardItemModel>

namespace optiscope::ui {

PreviewTable::PreviewTable(QWidget* parent) : QTableView(parent) {
  setObjectName("previewTable");
  model_ = new QStandardItemModel(this);
  setModel(model_);
  setEditTriggers(QAbstractItemView::NoEditTriggers);
  setToolTip(tr("The first rows of the data; headers show each column's inferred type"));
  verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
  horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  setMinimumHeight(140);
  setMaximumHeight(200);
}

void PreviewTable::Clear() {
  model_->clear();
  names_.clear();
  types_.clear();
}

void PreviewTable::Show(const DataPreview& preview) {
  model_->clear();
  names_ = preview.column_names;
  types_ = preview.column_types;
  model_->setColumnCount(names_.size());
  for (int c = 0; c < names_.size(); ++c) model_->setHorizontalHeaderItem(c, new QStandardItem());
  for (const QStringList& cells : preview.rows) {
    QList<QStandardItem*> row;
    for (const QString& cell : cells) row << new QStandardItem(cell);
    model_->appendRow(row);
  }
  SetIgnored(ignored_);
}

int PreviewTable::SetIgnored(const QStringList& names) {
  ignored_ = names;
  // Dimmed, or no foreground of its own (an empty QBrush would paint header text invisibly).
  const QBrush dim_brush(palette().color(QPalette::PlaceholderText));
  int count = 0;
  for (int c = 0; c < names_.size(); ++c) {
    const QString& name = names_[c];
    const QString type = types_.value(c);
    const bool ignored = names.contains(name);
    count += ignored ? 1 : 0;
    QStandardItem* header = model_->horizontalHeaderItem(c);
    if (header == nullptr) continue;
    header->setText(ignored ? tr("%1\n%2, ignored").arg(name, type)
                            : QStringLiteral("%1\n%2").arg(name, type));
    header->setToolTip(ignored ? tr("%1: %2, left out of the features").arg(name, type)
                               : tr("%1: %2").arg(name, type));
    const QVariant foreground = ignored ? QVariant(dim_brush) : QVariant();
    header->setData(foreground, Qt::ForegroundRole);
    for (int r = 0; r < model_->rowCount(); ++r) {
      if (QStandardItem* cell = model_->item(r, c)) cell->setData(foreground, Qt::ForegroundRole);
    }
  }
  return count;
}

int PreviewTable::RowCount() const { return model_->rowCount(); }

QString PreviewTable::HeaderText(int c) const {
  const QStandardItem* header = model_->horizontalHeaderItem(c);
  return header ? header->text() : QString();
}

}  // namespace optiscope::ui
