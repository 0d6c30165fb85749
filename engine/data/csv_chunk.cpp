#include "engine/data/csv_chunk.h"

#include <algorithm>
#include <limits>

namespace optiscope::csv_internal {

ParseSettings::ParseSettings(char delimiter, int fields, const std::vector<std::string>& na)
    : delim(delimiter), num_fields(fields), na_values(na) {
  for (const std::string& v : na_values) {
    na_max_length = std::max(na_max_length, v.size());
    double ignored;
    if (ParseNumber(v, &ignored)) fast_numbers = false;
  }
}

bool ParseSettings::IsNa(std::string_view s) const {
  if (s.size() > na_max_length) return false;
  for (const std::string& v : na_values) {
    if (s == v) return true;
  }
  return false;
}

void ColumnPart::AddCategory(const ParseSettings& settings, std::string_view text) {
  if (settings.IsNa(text)) {
    codes.push_back(-1);
    ++missing;
    return;
  }
  auto it = index.find(text);
  if (it == index.end()) {
    const int32_t code = static_cast<int32_t>(categories.size());
    categories.emplace_back(text);
    index.emplace(categories.back(), code);
    codes.push_back(code);
  } else {
    codes.push_back(it->second);
  }
}

void AppendColumnAsCategories(const ParseSettings& settings, const char* begin, const char* end,
                              size_t rows, int j, ColumnPart* part) {
  std::string scratch;
  TokenError error;
  const char* p = begin;
  for (size_t r = 0; r < rows; ++r) {
    p = SkipBlankLines(p, end, settings.delim);
    p = ReadRecord(
        p, end, settings.delim, settings.num_fields,
        [&](int index, const FieldText& field) {
          if (index == j) part->AddCategory(settings, field.text);
        },
        &scratch, &error);
    if (p == nullptr) return;  // unreachable: these records parsed before
  }
}

namespace {

// Turns a numeric part into a categorical one holding the first `rows` cells as text.
void MakeCategorical(const ParseSettings& settings, const char* begin, const char* end,
                     size_t rows, int j, ColumnPart* part) {
  part->categorical = true;
  part->missing = 0;
  std::vector<double>().swap(part->numbers);
  part->codes.reserve(rows + 1);
  AppendColumnAsCategories(settings, begin, end, rows, j, part);
}

size_t CountNewlines(const char* begin, const char* end) {
  return static_cast<size_t>(std::count(begin, end, '\n'));
}

}  // namespace

void ParseChunk(const ParseSettings& settings, ChunkResult* chunk) {
  const int n = settings.num_fields;
  const char delim = settings.delim;
  const char* p = chunk->begin;
  const char* const end = chunk->end;
  chunk->columns.assign(n, ColumnPart());
  const size_t estimate = CountNewlines(p, end) + 1;
  for (ColumnPart& part : chunk->columns) part.numbers.reserve(estimate);
  const double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::string scratch;
  size_t rows = 0;
  while (true) {
    p = SkipBlankLines(p, end, delim);
    if (p == end) break;
    for (int j = 0; j < n; ++j) {
      ColumnPart& part = chunk->columns[j];
      const char* q = nullptr;
      if (!part.categorical && settings.fast_numbers) {
        // Fast path: an unquoted number followed (after spaces) by a delimiter or line end.
        double value;
        const char* r = ParseNumberPrefix(p, end, &value);
        if (r != nullptr) {
          while (r < end && IsSpace(*r, delim)) ++r;
          if (r == end || *r == delim || *r == '\n' || *r == '\r') {
            part.numbers.push_back(value);
            q = r;
          }
        }
      }
      if (q == nullptr) {
        FieldText field;
        q = ReadField(p, end, delim, &field, &scratch, &chunk->error);
        if (q == nullptr) {
          chunk->failed = true;
          chunk->rows = rows;
          return;
        }
        if (!part.categorical) {
          double value;
          if (settings.IsNa(field.text)) {
            part.numbers.push_back(kNaN);
            ++part.missing;
          } else if (ParseNumber(field.text, &value)) {
            part.numbers.push_back(value);
          } else {
            MakeCategorical(settings, chunk->begin, end, rows, j, &part);
            part.AddCategory(settings, field.text);
          }
        } else {
          part.AddCategory(settings, field.text);
        }
      }
      if (j + 1 < n) {
        if (q == end || *q != delim) {
          TooFewFields(q, n, j + 1, &chunk->error);
          chunk->failed = true;
          chunk->rows = rows;
          return;
        }
        p = q + 1;
      } else {
        if (q != end && *q == delim) {
          TooManyFields(q + 1, end, delim, n, &chunk->error);
          chunk->failed = true;
          chunk->rows = rows;
          return;
        }
        p = SkipLineBreak(q, end);
      }
    }
    ++rows;
  }
  chunk->rows = rows;
}

}  // namespace optiscope::csv_internal
