// Internal to the CSV reader: parses a run of whole records into typed column parts (numbers
// until a non-numeric, non-missing cell turns a column categorical), one run per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/data/csv_tokenizer.h"

namespace optiscope::csv_internal {

// What every chunk needs to know; immutable while chunks are parsed (shared across threads).
struct ParseSettings {
  char delim = ',';
  int num_fields = 0;
  std::vector<std::string> na_values;
  size_t na_max_length = 0;
  bool fast_numbers = true;  // false when some missing-value marker parses as a number

  ParseSettings(char delimiter, int fields, const std::vector<std::string>& na);
  bool IsNa(std::string_view s) const;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using CategoryIndex = std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>>;

// One column's cells from one chunk: `numbers` while numeric, else `codes` + `categories`.
struct ColumnPart {
  bool categorical = false;
  std::vector<double> numbers;
  std::vector<int32_t> codes;
  std::vector<std::string> categories;  // first-seen order
  CategoryIndex index;
  int64_t missing = 0;

  // Appends a cell to a categorical part (missing markers give -1).
  void AddCategory(const ParseSettings& settings, std::string_view text);
};

// The records of [begin, end), which starts at a record boundary.
struct ChunkResult {
  const char* begin = nullptr;
  const char* end = nullptr;
  size_t rows = 0;
  std::vector<ColumnPart> columns;
  bool failed = false;
  TokenError error;  // the first error of this chunk, when failed
};

// Parses every record of [chunk->begin, chunk->end). Stops at the first error.
void ParseChunk(const ParseSettings& settings, ChunkResult* chunk);

// Re-reads column `j` of the first `rows` records from `begin` as text, appending them to the
// categorical part `part`. The records were already parsed without error.
void AppendColumnAsCategories(const ParseSettings& settings, const char* begin, const char* end,
                              size_t rows, int j, ColumnPart* part);

}  // namespace optiscope::csv_internal
