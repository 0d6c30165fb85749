#include "engine/data/table.h"

namespace optiscope {

int Table::FindColumn(const std::string& name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

const char* ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kNumeric: return "numeric";
    case ColumnType::kCategorical: return "categorical";
  }
  return "unknown";
}

}  // namespace optiscope
