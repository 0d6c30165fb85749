#include "ui/views/confusion_matrix_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "ui/charts/chart_tools.h"

namespace optiscope::ui {

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent) {
  title_ = new QLabel(tr("Test confusion matrix (rows: true class, columns: predicted)"), this);
  title_->setWordWrap(true);
  table_ = new QTableWidget(this);
  table_->setObjectName("confusionTable");
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->setToolTip(
      tr("Counts of test rows by true and predicted class; shading = share of "
         "the true class's rows. Right-click to export."));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(8, 4, 8, 8);
  layout->addWidget(title_);
  layout->addWidget(table_, 1);
  // The table's own context menu events fall through to this widget's export menu.
  InstallChartExportMenu(this, QStringLiteral("confusion_matrix"),
                         tr("Optiscope test confusion matrix"), [this] { return ToCsv(); });
  Clear();
}

void ConfusionMatrixView::Clear() {
  table_->clear();
  table_->setRowCount(0);
  table_->setColumnCount(0);
  confusion_.clear();
  names_.clear();
  setVisible(false);
}

QString ConfusionMatrixView::ToCsv() const {
  const int k = static_cast<int>(names_.size());
  if (k == 0) return QString();
  QString csv = QStringLiteral("true \\ predicted");
  for (const QString& name : names_) csv += QLatin1Char(',') + CsvCell(name);
  csv += QLatin1Char('\n');
  for (int t = 0; t < k; ++t) {
    csv += CsvCell(names_[t]);
    for (int p = 0; p < k; ++p) {
      csv += QLatin1Char(',') + QString::number(confusion_[static_cast<size_t>(t) * k + p]);
    }
    csv += QLatin1Char('\n');
  }
  return csv;
}

void ConfusionMatrixView::SetMatrix(const std::vector<int>& confusion,
                                    const std::vector<std::string>& class_names) {
  const int k = static_cast<int>(std::lround(std::sqrt(static_cast<double>(confusion.size()))));
  if (k < 1 || static_cast<size_t>(k) * k != confusion.size()) return Clear();
  table_->clear();
  table_->setRowCount(k);
  table_->setColumnCount(k);
  QStringList names;
  for (int c = 0; c < k; ++c) {
    names << (c < static_cast<int>(class_names.size()) ? QString::fromStdString(class_names[c])
                                                      : QString::number(c));
  }
  table_->setHorizontalHeaderLabels(names);
  table_->setVerticalHeaderLabels(names);
  confusion_ = confusion;
  names_ = names;
  const QColor base = palette().color(QPalette::Base);
  const QColor hot = palette().color(QPalette::Highlight);
  const QColor text = palette().color(QPalette::Text);
  const QColor hot_text = palette().color(QPalette::HighlightedText);
  for (int t = 0; t < k; ++t) {
    long long row_total = 0;
    for (int p = 0; p < k; ++p) row_total += confusion[static_cast<size_t>(t) * k + p];
    for (int p = 0; p < k; ++p) {
      const int count = confusion[static_cast<size_t>(t) * k + p];
      const double share = row_total > 0 ? static_cast<double>(count) / row_total : 0.0;
      auto* item = new QTableWidgetItem(QString::number(count));
      item->setTextAlignment(Qt::AlignCenter);
      const QColor shade = QColor::fromRgbF(base.redF() + (hot.redF() - base.redF()) * share,
                                            base.greenF() + (hot.greenF() - base.greenF()) * share,
                                            base.blueF() + (hot.blueF() - base.blueF()) * share);
      item->setBackground(shade);
      item->setForeground(share > 0.5 ? hot_text : text);
      item->setToolTip(tr("true %1, predicted %2: %3 rows (%4% of %1)")
                           .arg(names[t], names[p])
                           .arg(count)
                           .arg(100.0 * share, 0, 'f', 1));
      table_->setItem(t, p, item);
    }
  }
  setVisible(true);
}

int ConfusionMatrixView::Count(int true_class, int predicted_class) const {
  const QTableWidgetItem* item = table_->item(true_class, predicted_class);
  return item ? item->text().toInt() : -1;
}

}  // namespace optiscope::ui
