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
    // Synthetic data has no missing values and a fixed target; the task is its own.
    return MakeSynthetic(data.synthetic);
  }
  Result<Table> table =
      IsBuiltinDataset(data.source) ? LoadBuiltinTable(data.source) : ReadCsvFile(data.source);
  if (!table.ok()) return table.status();
  Result<Dataset> ds = MakeDataset(*table, options);
  if (ds.ok()) ds->name = data.source;
  return ds;
}

}  // namespace optiscope
