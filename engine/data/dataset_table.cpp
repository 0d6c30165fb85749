#include "engine/data/dataset_table.h"

#include <cmath>

#include "engine/core/str_cat.h"

namespace optiscope {

Table DatasetAsTable(const Dataset& d) {
  Table table;
  table.source = d.name;
  const size_t rows = static_cast<size_t>(d.NumRows());
  table.num_rows = rows;
  for (int f = 0; f < d.NumFeatures(); ++f) {
    Column column;
    column.name = static_cast<size_t>(f) < d.feature_names.size()
                      ? d.feature_names[static_cast<size_t>(f)]
                      : StrCat({"x", std::to_string(f + 1)});
    column.numbers.resize(rows);
    for (size_t r = 0; r < rows; ++r) {
      column.numbers[r] = static_cast<double>(d.X(static_cast<Eigen::Index>(r), f));
      if (std::isnan(column.numbers[r])) ++column.missing;
    }
    table.columns.push_back(std::move(column));
  }
  Column target;
  target.name = d.target_name.empty() ? std::string("target") : d.target_name;
  if (d.task == TaskKind::kClassification) {
    target.type = ColumnType::kCategorical;
    target.categories = d.class_names;
    target.codes.resize(rows);
    for (size_t r = 0; r < rows; ++r) {
      const double label = static_cast<double>(d.y(static_cast<Eigen::Index>(r)));
      const bool known = label >= 0 && label < d.NumClasses() && label == std::floor(label);
      target.codes[r] = known ? static_cast<int32_t>(label) : -1;
      if (!known) ++target.missing;
    }
  } else {
    target.numbers.resize(rows);
    for (size_t r = 0; r < rows; ++r) {
      target.numbers[r] = static_cast<double>(d.y(static_cast<Eigen::Index>(r)));
      if (std::isnan(target.numbers[r])) ++target.missing;
    }
  }
  table.columns.push_back(std::move(target));
  return table;
}

}  // namespace optiscope
