#include "engine/data/data_source.h"

#include "engine/data/builtin_datasets.h"
#include "engine/data/csv_reader.h"
#include "engine/data/synthetic.h"

namespace optiscope {

Result<Dataset> LoadDataset(const DataConfig& data) {
  if (data.source.empty()) return Status::InvalidArgument("no dataset given");
  DatasetOptions options;
  options.target = data.target;
  options.task = data.task;
  options.drop_missing_rows = data.missing == MissingPolicy::kDrop;
  if (data.source == "synthetic") {
    if (!data.drop_columns.empty()) {
      return Status::InvalidArgument("data.drop_columns applies to CSV and built-in datasets, "
                                     "not to synthetic data");
    }
    // Synthetic data has no missing values and a fixed target; the task is its own.
    return MakeSynthetic(data.synthetic);
  }
  Result<Table> table =
      IsBuiltinDataset(data.source) ? LoadBuiltinTable(data.source) : ReadCsvFile(data.source);
  if (!table.ok()) return table.status();
  if (!data.drop_columns.empty()) {
    // The target is pinned first: dropping columns must not make another column the last one.
    if (options.target.empty() && !table->columns.empty()) {
      options.target = table->columns.back().name;
    }
    OPTISCOPE_RETURN_IF_ERROR(DropColumns(data.drop_columns, options.target, &*table));
  }
  Result<Dataset> ds = MakeDataset(*table, options);
  if (ds.ok()) ds->name = data.source;
  return ds;
}

}  // namespace optiscope
