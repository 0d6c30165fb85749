#include "ui/setup/data_inspector.h"

#include <QHeaderView>
#include <QLabel>
#include <QStandardItemModel>
#include <QStyle>
#include <QTableView>
#include <QTextDocumentFragment>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "ui/setup/histogram_bars.h"

namespace optiscope::ui {
namespace {

QString InspectorNumber(double v) {
  return std::isfinite(v) ? QString::number(v, 'g', 4) : QStringLiteral("–");
}

// "r 0.964", "η 0.970", "V 0.512"; "–" without a measure.
QString AssociationText(const ColumnProfile& c) {
  if (c.association_kind == AssociationKind::kNone || !std::isfinite(c.association)) {
    return QStringLiteral("–");
  }
  QString symbol = QStringLiteral("r");
  if (c.association_kind == AssociationKind::kCorrelationRatio) symbol = QStringLiteral("η");
  if (c.association_kind == AssociationKind::kCramersV) symbol = QStringLiteral("V");
  return QStringLiteral("%1 %2").arg(symbol, QString::number(c.association, 'f', 3));
}

QString AssociationName(AssociationKind kind) {
  switch (kind) {
    case AssociationKind::kNone:
      return QString();
    case AssociationKind::kPearson:
      return QObject::tr("Pearson correlation");
    case AssociationKind::kCorrelationRatio:
      return QObject::tr("correlation ratio");
    case AssociationKind::kCramersV:
      return QObject::tr("Cramér's V");
  }
  return QString();
}

QStandardItem* ReadOnlyItem(const QString& text) {
  auto* item = new QStandardItem(text);
  item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
  return item;
}

}  // namespace

DataInspector::DataInspector(QWidget* parent) : QWidget(parent) {
  model_ = new QStandardItemModel(this);
  // Short headers: the dock is narrow; the tooltips say what each is.
  model_->setHorizontalHeaderLabels({tr("Ignore"), tr("Column"), tr("Type"), tr("NA"),
                                     tr("Histogram"), tr("Target"), tr("Min"), tr("Max"),
                                     tr("Mean")});
  const QStringList tips = {
      tr("Ignore: leave the column out of the features (data.drop_columns)"),
      tr("Column name; a warning icon marks a (near) copy of the target"),
      tr("num: numeric; cat: categorical (one-hot encoded for the model)"),
      tr("Missing cells (NA)"),
      tr("Histogram (numeric) or the most frequent categories"),
      tr("Association with the target: r = Pearson correlation (numeric column, regression), "
         "η = correlation ratio (a number and classes), V = Cramér's V (categories and classes)"),
      tr("Smallest value"), tr("Largest value"), tr("Mean")};
  for (int c = 0; c < tips.size(); ++c) {
    model_->horizontalHeaderItem(c)->setToolTip(tips[c]);
  }
  table_ = new QTableView(this);
  table_->setObjectName("inspectorTable");
  table_->setModel(model_);
  table_->setItemDelegateForColumn(kDistributionColumn, new HistogramDelegate(table_));
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->verticalHeader()->setVisible(false);
  table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(kDistributionColumn, QHeaderView::Fixed);
  table_->horizontalHeader()->resizeSection(
      kDistributionColumn, std::max(64, fontMetrics().horizontalAdvance(tr("Histogram")) + 14));
  FitTableHeight();
  table_->setToolTip(tr("One row per column: tick Ignore to leave a column out of the "
                        "features; select a row for its details"));
  details_ = new QLabel(this);
  details_->setObjectName("inspectorDetails");
  details_->setWordWrap(true);
  details_->setTextFormat(Qt::RichText);
  details_->setToolTip(tr("The selected column"));
  histogram_ = new HistogramBars(this);
  histogram_->setToolTip(tr("The selected column's distribution; hover a bar for its count"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(4);
  layout->addWidget(table_);
  layout->addWidget(details_);
  layout->addWidget(histogram_);

  connect(model_, &QStandardItemModel::itemChanged, this, [this](QStandardItem* item) {
    if (filling_ || item->column() != kIgnoreColumn || !item->isCheckable()) return;
    const QString name = model_->item(item->row(), kNameColumn)->text();
    StyleRow(item->row());
    emit ignoreToggled(name, item->checkState() == Qt::Checked);
  });
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& current) { ShowDetails(current.row()); });
  Clear();
}

void DataInspector::Clear(const QString& why) {
  profile_ = TableProfile();
  model_->removeRows(0, model_->rowCount());
  FitTableHeight();
  details_->setText(why.isEmpty() ? tr("No data loaded") : why.toHtmlEscaped());
  histogram_->SetBins({});
}

void DataInspector::SetProfile(const TableProfile& profile, bool can_ignore) {
  const QModelIndex current = table_->currentIndex();
  const QString selected =
      current.isValid() ? model_->item(current.row(), kNameColumn)->text() : QString();
  filling_ = true;
  model_->removeRows(0, model_->rowCount());
  profile_ = profile;
  can_ignore_ = can_ignore;
  for (const ColumnProfile& c : profile.columns) {
    const QString name = QString::fromStdString(c.name);
    auto* ignore = ReadOnlyItem(QString());
    if (c.is_target) {
      ignore->setText(tr("target"));
      ignore->setToolTip(tr("The column the model predicts"));
    } else {
      ignore->setCheckable(true);
      ignore->setCheckState(can_ignore && ignored_.contains(name) ? Qt::Checked : Qt::Unchecked);
      const Qt::ItemFlags selectable = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
      ignore->setFlags(can_ignore ? selectable | Qt::ItemIsUserCheckable
                                  : Qt::ItemFlags(Qt::ItemIsSelectable));
      ignore->setToolTip(can_ignore ? tr("Leave %1 out of the features").arg(name)
                                    : tr("Generated data: every column is used"));
    }
    auto* name_item = ReadOnlyItem(name);
    if (c.is_target) {
      QFont bold = name_item->font();
      bold.setBold(true);
      name_item->setFont(bold);
    }
    if (c.leakage) {
      name_item->setIcon(style()->standardIcon(QStyle::SP_MessageBoxWarning));
      name_item->setToolTip(tr("%1: %2").arg(name, QString::fromStdString(c.leakage_reason)));
    }
    const bool numeric = c.type == ColumnType::kNumeric;
    auto* type = ReadOnlyItem(numeric ? tr("num") : tr("cat"));
    type->setToolTip(QString::fromLatin1(ColumnTypeName(c.type)));
    auto* missing = ReadOnlyItem(QString::number(c.missing));
    missing->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* distribution = ReadOnlyItem(QString());
    distribution->setData(QVariant::fromValue(BarHeights(c.bins)), kHistogramRole);
    distribution->setToolTip(tr("%n distinct value(s)", "", static_cast<int>(c.distinct)));
    auto* target = ReadOnlyItem(c.is_target ? QStringLiteral("–") : AssociationText(c));
    target->setToolTip(AssociationName(c.association_kind));
    QList<QStandardItem*> row = {ignore, name_item, type, missing, distribution, target,
                                 ReadOnlyItem(InspectorNumber(c.min)),
                                 ReadOnlyItem(InspectorNumber(c.max)),
                                 ReadOnlyItem(InspectorNumber(c.mean))};
    model_->appendRow(row);
    StyleRow(model_->rowCount() - 1);
  }
  filling_ = false;
  FitTableHeight();
  const int keep = RowOf(selected);
  table_->setCurrentIndex(model_->index(keep >= 0 ? keep : 0, kNameColumn));
  ShowDetails(keep >= 0 ? keep : 0);
}

void DataInspector::FitTableHeight() {
  // As tall as its rows (and a scroll bar's room), between four and about eight rows.
  const int rows = std::clamp(model_->rowCount(), 4, 8);
  const int height = table_->horizontalHeader()->sizeHint().height() +
                     rows * table_->verticalHeader()->defaultSectionSize() +
                     table_->style()->pixelMetric(QStyle::PM_ScrollBarExtent) +
                     2 * table_->frameWidth();
  table_->setFixedHeight(height);
}

void DataInspector::SetIgnored(const QStringList& names) {
  ignored_ = names;
  filling_ = true;
  for (int r = 0; r < model_->rowCount(); ++r) {
    QStandardItem* item = model_->item(r, kIgnoreColumn);
    if (!item->isCheckable()) continue;
    const bool on = can_ignore_ && names.contains(model_->item(r, kNameColumn)->text());
    item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    StyleRow(r);
  }
  filling_ = false;
  ShowDetails(table_->currentIndex().row());
}

void DataInspector::StyleRow(int row) {
  if (row < 0 || row >= static_cast<int>(profile_.columns.size())) return;
  const ColumnProfile& c = profile_.columns[static_cast<size_t>(row)];
  const bool ignored = model_->item(row, kIgnoreColumn)->checkState() == Qt::Checked;
  const QColor text = palette().color(ignored ? QPalette::PlaceholderText : QPalette::Text);
  QColor warn(255, 170, 0);
  warn.setAlpha(70);
  for (int col = kNameColumn; col < kColumnCount; ++col) {
    QStandardItem* item = model_->item(row, col);
    item->setForeground(text);
    item->setData(c.leakage && !ignored ? QVariant(QBrush(warn)) : QVariant(), Qt::BackgroundRole);
    QFont font = item->font();
    font.setStrikeOut(ignored && col == kNameColumn);
    item->setFont(font);
  }
}

void DataInspector::ShowDetails(int row) {
  if (row < 0 || row >= static_cast<int>(profile_.columns.size())) {
    details_->setText(profile_.columns.empty() ? tr("No data loaded") : QString());
    histogram_->SetBins({});
    return;
  }
  const ColumnProfile& c = profile_.columns[static_cast<size_t>(row)];
  const QString name = QString::fromStdString(c.name);
  QStringList lines;
  lines << tr("<b>%1</b> · %2%3")
               .arg(name.toHtmlEscaped(), QString::fromLatin1(ColumnTypeName(c.type)),
                    c.is_target ? tr(" · target") : QString());
  lines << tr("%1 rows · %2 missing · %3 distinct")
               .arg(profile_.rows)
               .arg(c.missing)
               .arg(c.distinct);
  if (c.type == ColumnType::kNumeric) {
    lines << tr("min %1 · max %2 · mean %3 · sd %4")
                 .arg(InspectorNumber(c.min), InspectorNumber(c.max), InspectorNumber(c.mean),
                      InspectorNumber(c.stddev));
  }
  if (!c.is_target) {
    lines << (c.association_kind == AssociationKind::kNone
                  ? tr("no association with the target (constant, or too few rows)")
                  : tr("with the target: %1 (%2)")
                        .arg(AssociationText(c), AssociationName(c.association_kind)));
  }
  if (IsIgnored(name)) lines << tr("<i>ignored: left out of the features</i>");
  if (c.leakage) {
    lines << tr("<span style='color:#c05000'>⚠ %1: the model would learn the answer from it. "
                "Ignore it unless it is known before the target.</span>")
                 .arg(QString::fromStdString(c.leakage_reason).toHtmlEscaped());
  }
  details_->setText(lines.join(QStringLiteral("<br>")));
  histogram_->SetBins(c.bins);
}

int DataInspector::RowOf(const QString& name) const {
  if (name.isEmpty()) return -1;
  for (int r = 0; r < model_->rowCount(); ++r) {
    if (model_->item(r, kNameColumn)->text() == name) return r;
  }
  return -1;
}

bool DataInspector::IsIgnored(const QString& name) const {
  const int r = RowOf(name);
  return r >= 0 && model_->item(r, kIgnoreColumn)->checkState() == Qt::Checked;
}

QStandardItem* DataInspector::IgnoreSwitch(const QString& name) const {
  const int r = RowOf(name);
  if (r < 0) return nullptr;
  QStandardItem* item = model_->item(r, kIgnoreColumn);
  return item->isCheckable() ? item : nullptr;
}

QString DataInspector::CellText(const QString& name, TableColumn column) const {
  const int r = RowOf(name);
  return r >= 0 ? model_->item(r, column)->text() : QString();
}

QString DataInspector::DetailsText() const {
  return QTextDocumentFragment::fromHtml(details_->text()).toPlainText();
}

}  // namespace optiscope::ui
