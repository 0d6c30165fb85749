#include "engine/data/csv_chunk.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>

#include "engine/core/memory.h"
#include "engine/core/parallel_for.h"

namespace optiscope::csv_internal {

ParseSettings::ParseSettings(char delimiter, int fields, const std::vector<std::string>& na,
                             const char* end)
    : delim(delimiter), num_fields(fields), na_values(na), text_end(end) {
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

void ColumnPart::PushNumberSlow(double value) {
  numbers.assign(slot, slot + count);
  slot = nullptr;
  room = 0;
  numbers.push_back(value);
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

// Turns a numeric part into an empty categorical one with room for `rows` + 1 codes; the caller
// then appends the first `rows` cells as text (FillCategorical).
void MakeCategorical(size_t rows, ColumnPart* part) {
  part->categorical = true;
  part->missing = 0;
  std::vector<double>().swap(part->numbers);
  part->slot = nullptr;
  part->room = part->count = 0;
  part->codes.reserve(rows + 1);
}

// A column that met its first text cell in the current record: its earlier cells are re-read as
// text at the end of the record, together with every other such column of that record.
struct PendingColumn {
  int j;
  std::string text;  // this record's cell, appended after the earlier ones
};

// Appends the first `rows` records' cells of every pending column, in one pass over those records
// (one pass per record that turns columns categorical, not one per column: a wide file whose
// columns all turn at row 2 costs one re-read, not one per column), then this record's cells.
void FillCategorical(const ParseSettings& settings, const char* begin, const char* end, size_t rows,
                     std::vector<PendingColumn>* pending, std::vector<int>* slot_of,
                     std::vector<ColumnPart>* columns) {
  for (size_t k = 0; k < pending->size(); ++k) (*slot_of)[(*pending)[k].j] = static_cast<int>(k);
  std::string scratch;
  TokenError error;
  const char* p = begin;
  for (size_t r = 0; r < rows && p != nullptr; ++r) {
    p = SkipBlankLines(p, end, settings.delim);
    p = ReadRecord(
        p, end, settings.delim, settings.num_fields,
        [&](int index, const FieldText& field) {
          if ((*slot_of)[index] >= 0) (*columns)[index].AddCategory(settings, field.text);
        },
        &scratch, &error);
  }
  for (const PendingColumn& c : *pending) {
    (*columns)[c.j].AddCategory(settings, c.text);
    (*slot_of)[c.j] = -1;
  }
  pending->clear();
}

constexpr int kChunksPerThread = 2;

// Record starts that cut [begin, end) into up to k chunks at line feeds outside quotes.
// Without `quote_aware`, cuts at any line feed (right when the text has no quotes).
std::vector<const char*> ChunkStarts(const char* begin, const char* end, int k, bool quote_aware) {
  std::vector<const char*> starts = {begin};
  if (k <= 1 || end - begin < 2) return starts;
  const bool has_quotes = quote_aware && std::memchr(begin, '"', end - begin) != nullptr;
  const char* counted = begin;  // quotes in [begin, counted) have been counted
  size_t quotes = 0;
  for (int i = 1; i < k; ++i) {
    const char* target = begin + (end - begin) * i / k;
    if (target < starts.back()) continue;
    const char* q;
    if (!has_quotes) {
      q = static_cast<const char*>(std::memchr(target, '\n', end - target));
      if (q == nullptr) break;
    } else {
      if (target < counted) target = counted;
      quotes += std::count(counted, target, '"');
      q = target;
      bool inside = quotes % 2 == 1;
      while (q < end && !(*q == '\n' && !inside)) {
        if (*q == '"') inside = !inside, ++quotes;
        ++q;
      }
      counted = q;
      if (q == end) break;
    }
    if (q + 1 >= end) break;
    starts.push_back(q + 1);
  }
  return starts;
}

// Average length of the first lines of [begin, end), at least 1.
double SampleBytesPerRecord(const char* begin, const char* end) {
  const char* p = begin;
  int lines = 0;
  while (lines < 256 && p < end) {
    const char* q = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (q == nullptr) break;
    p = q + 1;
    ++lines;
  }
  if (lines == 0) return static_cast<double>(std::max<ptrdiff_t>(1, end - begin));
  return std::max(1.0, static_cast<double>(p - begin) / lines);
}

// Gives the chunk `n` empty columns with room for its expected records: slices of one arena, or
// one reserved vector per column.
void PrepareColumns(int n, ChunkResult* chunk) {
  chunk->columns.assign(n, ColumnPart());
  const size_t records = std::max<size_t>(chunk->reserve_records, 16);
  if (chunk->use_arena) {
    chunk->arena.reset(new double[records * n]);
    AdviseHugePages(chunk->arena.get(), records * n * sizeof(double));
    for (int j = 0; j < n; ++j) {
      chunk->columns[j].slot = chunk->arena.get() + records * j;
      chunk->columns[j].room = records;
    }
  } else {
    for (ColumnPart& part : chunk->columns) {
      part.numbers.reserve(records);
      AdviseHugePages(part.numbers.data(), records * sizeof(double));
    }
  }
}

}  // namespace

void ParseChunk(const ParseSettings& settings, ChunkResult* chunk) {
  const int n = settings.num_fields;
  const char delim = settings.delim;
  const char* p = chunk->begin;
  const char* const end = chunk->end;
  PrepareColumns(n, chunk);
  const double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::string scratch;
  std::vector<PendingColumn> pending;
  std::vector<int> slot_of(n, -1);
  size_t rows = 0;
  while (true) {
    p = SkipBlankLines(p, end, delim);
    if (p == end) break;
    if (chunk->abort != nullptr && chunk->abort->load(std::memory_order_relaxed)) {
      chunk->aborted = true;
      chunk->rows = rows;
      return;
    }
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
            part.PushNumber(value);
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
        if (field.quoted && chunk->abort != nullptr) {
          chunk->saw_quote = true;
          chunk->abort->store(true, std::memory_order_relaxed);
          chunk->rows = rows;
          return;
        }
        if (!part.categorical) {
          double value;
          if (settings.IsNa(field.text)) {
            part.PushNumber(kNaN);
            ++part.missing;
          } else if (ParseNumber(field.text, &value)) {
            part.PushNumber(value);
          } else if (rows == 0) {
            MakeCategorical(0, &part);
            part.AddCategory(settings, field.text);
          } else {
            MakeCategorical(rows, &part);
            pending.push_back({j, std::string(field.text)});
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
          TooManyFields(q + 1, settings.text_end, delim, n, &chunk->error);
          chunk->failed = true;
          chunk->rows = rows;
          return;
        }
        p = SkipLineBreak(q, end);
      }
    }
    if (!pending.empty()) {
      FillCategorical(settings, chunk->begin, end, rows, &pending, &slot_of, &chunk->columns);
    }
    ++rows;
  }
  chunk->rows = rows;
}

Result<bool> ParseChunks(const ParseSettings& settings, const char* body, const char* end,
                         int threads, bool quote_aware, std::vector<ChunkResult>* out) {
  const std::vector<const char*> starts =
      ChunkStarts(body, end, threads > 1 ? threads * kChunksPerThread : 1, quote_aware);
  std::vector<ChunkResult>& chunks = *out;
  chunks = std::vector<ChunkResult>(starts.size());
  std::atomic<bool> abort{false};
  const bool optimistic = !quote_aware && chunks.size() > 1;
  // Records per byte, from the first lines (quotes ignored: only an estimate for reservations).
  const double bytes_per_record = SampleBytesPerRecord(body, end);
  for (size_t i = 0; i < chunks.size(); ++i) {
    chunks[i].begin = starts[i];
    chunks[i].end = i + 1 < starts.size() ? starts[i + 1] : end;
    const ptrdiff_t bytes = (i == 0 ? end : chunks[i].end) - chunks[i].begin;
    chunks[i].reserve_records =
        static_cast<size_t>(1.1 * static_cast<double>(bytes) / bytes_per_record) + 16;
    chunks[i].use_arena = i > 0;
    chunks[i].abort = optimistic ? &abort : nullptr;
  }
  ParallelForOptions parallel;
  parallel.max_threads = std::max(1, threads);
  OPTISCOPE_RETURN_IF_ERROR(ParallelFor(static_cast<int>(chunks.size()), parallel,
                                        [&](int i) { ParseChunk(settings, &chunks[i]); }));
  if (!optimistic) return true;
  for (ChunkResult& chunk : chunks) {
    if (chunk.saw_quote || chunk.aborted) return false;
    if (chunk.failed) {
      // Exact when no quote lies between this chunk's start (a true record start: no quote
      // before it) and the error position.
      const char* last = std::min(chunk.error.where + 1, chunk.end);
      return std::memchr(chunk.begin, '"', last - chunk.begin) == nullptr;
    }
  }
  return true;
}

Column MergeColumn(const ParseSettings& settings, std::vector<ChunkResult>& chunks, int j) {
  Column column;
  size_t rows = 0;
  bool categorical = false;
  for (const ChunkResult& chunk : chunks) {
    rows += chunk.rows;
    categorical = categorical || chunk.columns[j].categorical;
  }
  if (!categorical) {
    // The first chunk reserved room for the whole file: append the others to its numbers.
    column.type = ColumnType::kNumeric;
    column.numbers = std::move(chunks[0].columns[j].numbers);
    column.missing = chunks[0].columns[j].missing;
    column.numbers.reserve(rows);
    for (size_t i = 1; i < chunks.size(); ++i) {
      ColumnPart& part = chunks[i].columns[j];
      const std::span<const double> numbers = part.Numbers();
      column.numbers.insert(column.numbers.end(), numbers.begin(), numbers.end());
      column.missing += part.missing;
    }
    return column;
  }
  ColumnPart merged;
  merged.categorical = true;
  merged.codes.reserve(rows);
  for (ChunkResult& chunk : chunks) {
    ColumnPart& part = chunk.columns[j];
    if (!part.categorical) {
      csv_internal::AppendColumnAsCategories(settings, chunk.begin, chunk.end, chunk.rows, j,
                                             &merged);
      continue;
    }
    std::vector<int32_t> remap(part.categories.size());
    for (size_t c = 0; c < part.categories.size(); ++c) {
      auto it = merged.index.find(part.categories[c]);
      if (it == merged.index.end()) {
        remap[c] = static_cast<int32_t>(merged.categories.size());
        merged.categories.push_back(part.categories[c]);
        merged.index.emplace(merged.categories.back(), remap[c]);
      } else {
        remap[c] = it->second;
      }
    }
    for (int32_t code : part.codes) merged.codes.push_back(code < 0 ? -1 : remap[code]);
    merged.missing += part.missing;
  }
  column.type = ColumnType::kCategorical;
  column.codes = std::move(merged.codes);
  column.categories = std::move(merged.categories);
  column.missing = merged.missing;
  return column;
}

}  // namespace optiscope::csv_internal
