// Table: a parsed tabular file (CSV) with inferred column types, before it becomes a Dataset.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"

namespace optiscope {

enum class ColumnType {
  kNumeric,      // every non-missing cell parses as a number (quoted numbers included)
  kCategorical,  // at least one non-missing cell is not a number
};

// One column. Exactly one of `numbers` / `codes` is filled, by type; both have num_rows entries.
struct Column {
  std::string name;
  ColumnType type = ColumnType::kNumeric;
  std::vector<double> numbers;          // kNumeric: value, NaN where missing
  std::vector<int32_t> codes;           // kCategorical: index into `categories`, -1 where missing
  std::vector<std::string> categories;  // kCategorical: distinct values in first-seen order
  int64_t missing = 0;                  // number of missing cells

  bool IsMissing(size_t row) const {
    return type == ColumnType::kNumeric ? std::isnan(numbers[row]) : codes[row] < 0;
  }
};

struct Table {
  std::string source;  // file name or "<builtin:iris>", used in messages
  std::vector<Column> columns;
  size_t num_rows = 0;
  bool had_header = true;  // false when names were generated ("col_1", "col_2", ...)
  char delimiter = ',';

  // Index of the column with this name, or -1.
  int FindColumn(const std::string& name) const;
};

// The names in a comma-separated list ("id, name" -> {"id", "name"}): spaces and tabs around a name
// are ignored, empty names are skipped, the order is kept. The form of data.drop_columns.
std::vector<std::string> SplitColumnNames(std::string_view names);
// The inverse: the names joined by "," (no spaces). REQUIRES: no name contains a comma.
std::string JoinColumnNames(const std::vector<std::string>& names);

// Removes the columns named in `names` (comma-separated; spaces around a name are ignored; empty
// removes nothing). NotFound naming the table and the closest column when a name is not a column;
// InvalidArgument when a name is `keep` (the target). The order of the other columns is kept.
Status DropColumns(std::string_view names, const std::string& keep, Table* table);

// Human name of a type: "numeric" / "categorical".
const char* ColumnTypeName(ColumnType type);

}  // namespace optiscope
