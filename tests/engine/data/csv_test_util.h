// Test helper: a compact, exact text form of a parsed Table for assertions.
#pragma once

#include <cmath>
#include <sstream>
#include <string>

#include "engine/data/table.h"

namespace optiscope::testing_csv {

// One line per column: `name:type{categories}=cell|cell|...` with NA for missing cells and
// numbers printed with up to 17 significant digits.
inline std::string Dump(const Table& table) {
  std::ostringstream out;
  out.precision(17);
  for (const Column& c : table.columns) {
    out << c.name << ":" << ColumnTypeName(c.type);
    if (c.type == ColumnType::kCategorical) {
      out << "{";
      for (size_t k = 0; k < c.categories.size(); ++k) out << (k ? "," : "") << c.categories[k];
      out << "}";
    }
    out << "=";
    for (size_t r = 0; r < table.num_rows; ++r) {
      if (r) out << "|";
      if (c.IsMissing(r)) {
        out << "NA";
      } else if (c.type == ColumnType::kNumeric) {
        out << c.numbers[r];
      } else {
        out << c.categories[c.codes[r]];
      }
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace optiscope::testing_csv
