#include "ui/data_preview.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>
#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>

#include "engine/data/builtin_datasets.h"
#include "engine/data/csv_reader.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_table.h"
#include "engine/data/synthetic.h"

namespace optiscope::ui {
namespace {

// Why a regular file that failed to parse is not a text CSV at all (NUL bytes or invalid UTF-8
// in its first 64 KiB), or empty when it looks like text.
QString NotTextReason(const std::string& source) {
  const QString path = QString::fromStdString(source);
  if (!QFileInfo(path).isFile()) return QString();  // never open a FIFO or device here
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return QString();
  const QByteArray head = file.read(64 * 1024);
  const qsizetype nul = head.indexOf('\0');
  if (nul >= 0) {
    return QStringLiteral("%1 is not a text CSV file: it contains NUL bytes (byte %2), so it is "
                          "probably binary").arg(path).arg(nul + 1);
  }
  QStringDecoder utf8(QStringDecoder::Utf8);
  (void)utf8.decode(head);  // a character cut by the 64 KiB limit is not an error
  if (utf8.hasError()) {
    return QStringLiteral("%1 is not a text CSV file: it is not valid UTF-8").arg(path);
  }
  return QString();
}

QString FormatNumber(double v) {
  if (std::isnan(v)) return QStringLiteral("NA");
  return QString::number(v, 'g', 6);
}

QString FormatCell(const Column& column, size_t row) {
  if (column.type == ColumnType::kNumeric) return FormatNumber(column.numbers[row]);
  const int32_t code = column.codes[row];
  if (code < 0) return QStringLiteral("NA");
  return QString::fromStdString(column.categories[static_cast<size_t>(code)]);
}

QString TaskSummary(const Dataset& dataset) {
  if (dataset.task == TaskKind::kRegression) return QStringLiteral("regression");
  return QStringLiteral("classification (%1 classes)").arg(dataset.NumClasses());
}

// Profiles `table` for the inspector, reading the target as `task` when known.
void ProfileForPreview(const Table& table, const std::string& target,
                       std::optional<TaskKind> task, DataPreview* preview) {
  ProfileOptions options;
  options.target = target;
  options.task = task;
  Result<TableProfile> profile = ProfileTable(table, options);
  if (profile.ok()) {
    preview->profile = std::move(profile).value();
  } else {
    preview->profile_error = QString::fromStdString(profile.status().message());
  }
}

DataPreview DescribeSynthetic(const DataConfig& data, int request_id) {
  DataPreview preview;
  preview.request_id = request_id;
  preview.source = QString::fromStdString(data.source);
  Result<Dataset> made = MakeSynthetic(data.synthetic);
  if (!made.ok()) {
    preview.error = QString::fromStdString(made.status().message());
    return preview;
  }
  const Dataset& d = *made;
  for (const std::string& name : d.feature_names) {
    preview.column_names << QString::fromStdString(name);
    preview.column_types << QStringLiteral("numeric");
  }
  const bool classification = d.task == TaskKind::kClassification;
  preview.column_names << QString::fromStdString(d.target_name);
  preview.column_types << (classification ? QStringLiteral("categorical")
                                          : QStringLiteral("numeric"));
  preview.total_rows = d.NumRows();
  const int shown = std::min(d.NumRows(), kPreviewRows);
  for (int r = 0; r < shown; ++r) {
    QStringList cells;
    for (int c = 0; c < d.NumFeatures(); ++c) cells << FormatNumber(d.X(r, c));
    const int label = static_cast<int>(d.y(r));
    if (classification && label >= 0 && label < d.NumClasses()) {
      cells << QString::fromStdString(d.class_names[static_cast<size_t>(label)]);
    } else {
      cells << FormatNumber(d.y(r));
    }
    preview.rows.push_back(cells);
  }
  preview.target = QString::fromStdString(d.target_name);
  preview.task_summary = TaskSummary(d);
  ProfileForPreview(DatasetAsTable(d), std::string(), d.task, &preview);
  return preview;
}

}  // namespace

DataPreview DescribeTable(std::shared_ptr<const Table> table, const DataConfig& data,
                          int request_id) {
  DataPreview preview;
  preview.request_id = request_id;
  preview.source = QString::fromStdString(data.source);
  preview.table = table;
  for (const Column& column : table->columns) {
    preview.column_names << QString::fromStdString(column.name);
    preview.column_types << QString::fromLatin1(ColumnTypeName(column.type));
  }
  preview.total_rows = static_cast<qint64>(table->num_rows);
  const size_t shown = std::min(table->num_rows, static_cast<size_t>(kPreviewRows));
  for (size_t r = 0; r < shown; ++r) {
    QStringList cells;
    for (const Column& column : table->columns) cells << FormatCell(column, r);
    preview.rows.push_back(cells);
  }
  if (table->columns.empty()) {
    preview.task_summary = QStringLiteral("no columns");
    return preview;
  }
  const std::string target = data.target.empty() ? table->columns.back().name : data.target;
  preview.target = QString::fromStdString(target);
  DatasetOptions options;
  options.target = target;
  options.task = data.task;
  options.drop_missing_rows = data.missing == MissingPolicy::kDrop;
  Result<Dataset> dataset = MakeDataset(*table, options);
  std::optional<TaskKind> task;
  if (dataset.ok()) {
    preview.task_summary = TaskSummary(*dataset);
    task = dataset->task;
  } else {
    preview.task_summary = QStringLiteral("unusable target: %1")
                               .arg(QString::fromStdString(dataset.status().message()));
  }
  preview.columns_droppable = true;
  ProfileForPreview(*table, target, task, &preview);
  return preview;
}

DataPreview BuildDataPreview(const DataConfig& data, int request_id) {
  try {
    if (data.source == "synthetic") return DescribeSynthetic(data, request_id);
    Result<Table> table = IsBuiltinDataset(data.source) ? LoadBuiltinTable(data.source)
                                                        : ReadCsvFile(data.source);
    if (!table.ok()) {
      DataPreview preview;
      preview.request_id = request_id;
      preview.source = QString::fromStdString(data.source);
      preview.error = QString::fromStdString(table.status().message());
      if (!IsBuiltinDataset(data.source)) {
        const QString binary = NotTextReason(data.source);
        if (!binary.isEmpty() && !preview.error.contains(QLatin1String("not a text"))) {
          preview.error = binary;
        }
      }
      return preview;
    }
    auto shared = std::make_shared<const Table>(std::move(table).value());
    return DescribeTable(std::move(shared), data, request_id);
  } catch (const std::exception& e) {
    DataPreview preview;
    preview.request_id = request_id;
    preview.source = QString::fromStdString(data.source);
    preview.error = QStringLiteral("could not load %1: %2")
                        .arg(QString::fromStdString(data.source), QString::fromUtf8(e.what()));
    return preview;
  }
}

}  // namespace optiscope::ui
