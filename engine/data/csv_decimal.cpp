#include "engine/data/csv_decimal.h"

#include <algorithm>
#include <limits>
#include <string>

#include "engine/data/csv_tokenizer.h"

namespace optiscope {
namespace {

// Parses `text` as a number whose decimal mark may be one ','. *had_comma says whether it was.
bool ParseDecimalComma(const std::string& text, double* value, bool* had_comma) {
  const size_t comma = text.find(',');
  *had_comma = comma != std::string::npos;
  if (!*had_comma) return csv_internal::ParseNumber(text, value);
  if (text.find(',', comma + 1) != std::string::npos || text.find('.') != std::string::npos) {
    return false;
  }
  std::string dotted = text;
  dotted[comma] = '.';
  return csv_internal::ParseNumber(dotted, value);
}

}  // namespace

int ConvertDecimalCommaColumns(Table* table) {
  int converted = 0;
  for (Column& column : table->columns) {
    if (column.type != ColumnType::kCategorical || column.categories.empty()) continue;
    std::vector<double> values(column.categories.size());
    bool any_comma = false;
    bool all_numbers = true;
    for (size_t c = 0; c < column.categories.size() && all_numbers; ++c) {
      bool had_comma = false;
      all_numbers = ParseDecimalComma(column.categories[c], &values[c], &had_comma);
      any_comma = any_comma || had_comma;
    }
    if (!all_numbers || !any_comma) continue;
    column.numbers.resize(column.codes.size());
    std::transform(column.codes.begin(), column.codes.end(), column.numbers.begin(),
                   [&](int32_t code) {
                     return code < 0 ? std::numeric_limits<double>::quiet_NaN() : values[code];
                   });
    column.codes.clear();
    column.codes.shrink_to_fit();
    column.categories.clear();
    column.type = ColumnType::kNumeric;
    ++converted;
  }
  return converted;
}

}  // namespace optiscope
