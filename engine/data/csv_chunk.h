// Internal to the CSV reader: parses a run of whole records into typed column parts (numbers
// until a non-numeric, non-missing cell turns a column categorical), one run per thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/status.h"
#include "engine/data/csv_tokenizer.h"
#include "engine/data/table.h"

namespace optiscope::csv_internal {

// What every chunk needs to know; immutable while chunks are parsed (shared across threads).
struct ParseSettings {
  char delim = ',';
  int num_fields = 0;
  std::vector<std::string> na_values;
  size_t na_max_length = 0;
  bool fast_numbers = true;        // false when some missing-value marker parses as a number
  const char* text_end = nullptr;  // end of the whole text (error messages read past a chunk)

  ParseSettings(char delimiter, int fields, const std::vector<std::string>& na, const char* end);
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
  // Numeric cells: in `numbers`, or, when `slot` is set, in an arena at slot[0, count) with room
  // for `room` cells.
  std::vector<double> numbers;
  double* slot = nullptr;
  size_t count = 0;
  size_t room = 0;
  std::vector<int32_t> codes;
  std::vector<std::string> categories;  // first-seen order
  CategoryIndex index;
  int64_t missing = 0;

  [[gnu::always_inline]] void PushNumber(double value) {
    if (slot == nullptr) {
      numbers.push_back(value);
    } else if (count < room) {
      slot[count++] = value;
    } else {
      PushNumberSlow(value);
    }
  }
  // Past the arena's room: moves the cells to `numbers`. Out of line: rare.
  void PushNumberSlow(double value);
  std::span<const double> Numbers() const {
    return slot != nullptr ? std::span<const double>(slot, count)
                           : std::span<const double>(numbers);
  }
  // Appends a cell to a categorical part (missing markers give -1).
  void AddCategory(const ParseSettings& settings, std::string_view text);
};

// The records of [begin, end), which starts at a record boundary.
struct ChunkResult {
  const char* begin = nullptr;
  const char* end = nullptr;
  // Column capacity to reserve: an estimate of this chunk's records (for the first chunk, of the
  // whole file's, so that its columns receive the other chunks' rows without reallocating).
  // Any estimate is correct; a low one only costs reallocations.
  size_t reserve_records = 0;
  bool use_arena = false;  // numbers go to one arena per chunk (fewer, larger allocations)
  std::unique_ptr<double[]> arena;
  size_t rows = 0;
  std::vector<ColumnPart> columns;
  bool failed = false;
  TokenError error;  // the first error of this chunk, when failed
  // Optimistic mode (chunks cut at line feeds without looking at quotes): `abort` is shared by
  // the chunks; a chunk that meets a quoted field sets it and stops (saw_quote); the others stop
  // at their next record (aborted). The caller then cuts again, quote-aware.
  std::atomic<bool>* abort = nullptr;
  bool saw_quote = false;
  bool aborted = false;
};

// Parses every record of [chunk->begin, chunk->end). Stops at the first error.
void ParseChunk(const ParseSettings& settings, ChunkResult* chunk);

// Re-reads column `j` of the first `rows` records from `begin` as text, appending them to the
// categorical part `part`. The records were already parsed without error.
void AppendColumnAsCategories(const ParseSettings& settings, const char* begin, const char* end,
                              size_t rows, int j, ColumnPart* part);

// Parses the records of [body, end) in chunks, a ParallelFor on up to `threads` pool threads (the
// budget caps it). Several chunks per thread, taken in turn: a thread that the OS delays holds up
// less work. The chunk boundaries depend on `threads` only, and the result on neither. The first
// pass (quote_aware false) cuts at line feeds without reading quotes (no serial pre-scan); it is
// exact unless a quote occurs before the first chunk that fails or sees a quoted field: then it
// returns false and the caller parses again with quote_aware true (cuts at line feeds of even quote
// parity), which is always exact. *out holds the chunks in file order. A failed Status only when
// a chunk threw (Internal, with the message; e.g. out of memory); parse errors are in the chunks.
Result<bool> ParseChunks(const ParseSettings& settings, const char* body, const char* end,
                         int threads, bool quote_aware, std::vector<ChunkResult>* out);

// Merges column j of every chunk, in file order, into a table column (numeric unless some chunk
// made it categorical; categories in first-seen order).
Column MergeColumn(const ParseSettings& settings, std::vector<ChunkResult>& chunks, int j);

}  // namespace optiscope::csv_internal
