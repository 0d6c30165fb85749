#include "engine/data/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <thread>
#include <unordered_set>
#include <utility>

#include "engine/data/csv_chunk.h"
#include "engine/data/csv_tokenizer.h"

namespace optiscope {
namespace {

using csv_internal::ChunkResult;
using csv_internal::ColumnPart;
using csv_internal::FieldText;
using csv_internal::ParseSettings;
using csv_internal::TokenError;

constexpr size_t kParallelMinBytes = size_t{1} << 20;
constexpr int kMaxThreads = 16;
constexpr int kSniffRecords = 20;
constexpr ptrdiff_t kSniffBytes = 64 * 1024;

struct Cell {
  std::string text;
  bool quoted = false;
};

// Field counts of the first records with `delim`; empty when the first record is malformed.
std::vector<int> SniffFieldCounts(const char* p, const char* end, char delim) {
  std::vector<int> counts;
  std::string scratch;
  TokenError error;
  const char* start = p;
  for (int r = 0; r < kSniffRecords && p - start < kSniffBytes; ++r) {
    p = csv_internal::SkipBlankLines(p, end, delim);
    if (p == end) break;
    int count = 0;
    p = csv_internal::ReadRecord(
        p, end, delim, -1, [](int, const FieldText&) {}, &scratch, &error, &count);
    if (p == nullptr) break;
    counts.push_back(count);
  }
  return counts;
}

// The candidate that splits the first records into the same number (> 1) of fields, the most
// fields winning; else the one giving the first record most fields; else ','.
char DetectDelimiter(const char* p, const char* end) {
  const char kCandidates[] = {',', ';', '\t'};
  char best = 0;
  int best_fields = 1;
  char fallback = ',';
  int fallback_fields = 1;
  for (char d : kCandidates) {
    const std::vector<int> counts = SniffFieldCounts(p, end, d);
    if (counts.empty()) continue;
    const bool consistent = std::all_of(counts.begin(), counts.end(),
                                        [&](int c) { return c == counts[0]; });
    if (consistent && counts[0] > best_fields) {
      best = d;
      best_fields = counts[0];
    }
    if (counts[0] > fallback_fields) {
      fallback = d;
      fallback_fields = counts[0];
    }
  }
  return best != 0 ? best : fallback;
}

// Record starts that cut [begin, end) into up to k chunks at line feeds outside quotes.
std::vector<const char*> ChunkStarts(const char* begin, const char* end, int k) {
  std::vector<const char*> starts = {begin};
  if (k <= 1 || end - begin < 2) return starts;
  const bool has_quotes = std::memchr(begin, '"', end - begin) != nullptr;
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

// Merges column j of every chunk, in file order, into a table column.
Column MergeColumn(const ParseSettings& settings, std::vector<ChunkResult>& chunks, int j) {
  Column column;
  size_t rows = 0;
  bool categorical = false;
  for (const ChunkResult& chunk : chunks) {
    rows += chunk.rows;
    categorical = categorical || chunk.columns[j].categorical;
  }
  if (!categorical) {
    column.type = ColumnType::kNumeric;
    if (chunks.size() == 1) {
      column.numbers = std::move(chunks[0].columns[j].numbers);
      column.missing = chunks[0].columns[j].missing;
    } else {
      column.numbers.reserve(rows);
      for (ChunkResult& chunk : chunks) {
        ColumnPart& part = chunk.columns[j];
        column.numbers.insert(column.numbers.end(), part.numbers.begin(), part.numbers.end());
        column.missing += part.missing;
        std::vector<double>().swap(part.numbers);
      }
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

bool IsNumberCell(const ParseSettings& settings, const Cell& cell) {
  double value;
  return !settings.IsNa(cell.text) && csv_internal::ParseNumber(cell.text, &value);
}

// Header when no first-row cell is a number, some is text, and either a column holding that text
// has numbers below it or no first-row text reappears in its (categorical) column.
bool DetectHeader(const ParseSettings& settings, const std::vector<Cell>& first,
                  const std::vector<Column>& columns, size_t rows) {
  bool any_text = false;
  for (const Cell& cell : first) {
    if (settings.IsNa(cell.text)) continue;
    if (IsNumberCell(settings, cell)) return false;
    any_text = true;
  }
  if (!any_text) return false;
  for (size_t j = 0; j < first.size(); ++j) {
    if (settings.IsNa(first[j].text)) continue;
    const Column& col = columns[j];
    if (col.type == ColumnType::kNumeric && static_cast<size_t>(col.missing) < rows) return true;
  }
  for (size_t j = 0; j < first.size(); ++j) {
    const Column& col = columns[j];
    if (settings.IsNa(first[j].text) || col.type != ColumnType::kCategorical) continue;
    if (std::find(col.categories.begin(), col.categories.end(), first[j].text) !=
        col.categories.end()) {
      return false;
    }
  }
  return true;
}

// Puts the first record in front of column j as its row 0 (the file has no header).
void PrependCell(const ParseSettings& settings, const Cell& cell,
                 std::vector<ChunkResult>& chunks, int j, Column* column) {
  const bool na = settings.IsNa(cell.text);
  double value = std::numeric_limits<double>::quiet_NaN();
  if (column->type == ColumnType::kNumeric) {
    if (na || csv_internal::ParseNumber(cell.text, &value)) {
      column->numbers.insert(column->numbers.begin(), value);
      if (na) ++column->missing;
      return;
    }
    // Text above a numeric column: the whole column becomes categorical, this cell first.
    ColumnPart merged;
    merged.categorical = true;
    merged.AddCategory(settings, cell.text);
    for (const ChunkResult& chunk : chunks) {
      csv_internal::AppendColumnAsCategories(settings, chunk.begin, chunk.end, chunk.rows, j,
                                             &merged);
    }
    column->type = ColumnType::kCategorical;
    std::vector<double>().swap(column->numbers);
    column->codes = std::move(merged.codes);
    column->categories = std::move(merged.categories);
    column->missing = merged.missing;
    return;
  }
  if (na) {
    column->codes.insert(column->codes.begin(), -1);
    ++column->missing;
    return;
  }
  // First-seen order: this value becomes category 0.
  auto& cats = column->categories;
  const auto found = std::find(cats.begin(), cats.end(), cell.text);
  const int32_t old = found == cats.end() ? -1 : static_cast<int32_t>(found - cats.begin());
  if (old >= 0) cats.erase(found);
  cats.insert(cats.begin(), cell.text);
  for (int32_t& code : column->codes) {
    if (code < 0) continue;
    if (code == old) {
      code = 0;
    } else if (old < 0 || code < old) {
      code += 1;
    }
  }
  column->codes.insert(column->codes.begin(), 0);
}

std::vector<std::string> HeaderNames(const std::vector<Cell>& first) {
  std::vector<std::string> names;
  std::unordered_set<std::string> used;
  for (size_t j = 0; j < first.size(); ++j) {
    std::string base = first[j].text.empty() ? "col_" + std::to_string(j + 1) : first[j].text;
    std::string name = base;
    for (int k = 1; used.count(name) != 0; ++k) name = base + "." + std::to_string(k);
    used.insert(name);
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

Result<Table> ParseCsv(std::string_view text, std::string_view source_name,
                       const CsvOptions& options) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const char* const begin = text.data();
  const char* const end = text.data() + text.size();
  auto fail = [&](const char* where, const std::string& what) -> Status {
    int64_t line = 1, column = 1;
    csv_internal::LineColumn(text, where, &line, &column);
    return Status::ParseError(std::string(source_name) + ":" + std::to_string(line) + ":" +
                              std::to_string(column) + ": " + what);
  };
  const char d = options.delimiter;
  if (d == '"' || d == '\n' || d == '\r' || d == ' ') {
    return Status::InvalidArgument("CSV delimiter cannot be a quote, a space or a line break");
  }
  if (options.header < -1 || options.header > 1) {
    return Status::InvalidArgument("CSV header option must be -1 (detect), 0 or 1");
  }
  const char delim = d != 0 ? d : DetectDelimiter(begin, end);
  const char* first_start = csv_internal::SkipBlankLines(begin, end, delim);
  if (first_start == end) return fail(begin, "empty file: no rows");

  std::vector<Cell> first;
  std::string scratch;
  TokenError error;
  const char* body = csv_internal::ReadRecord(
      first_start, end, delim, -1,
      [&](int, const FieldText& f) { first.push_back({std::string(f.text), f.quoted}); },
      &scratch, &error);
  if (body == nullptr) return fail(error.where, error.what);
  const ParseSettings settings(delim, static_cast<int>(first.size()), options.na_values);

  int threads = options.threads;
  if (threads <= 0) {
    threads = static_cast<size_t>(end - body) >= kParallelMinBytes
                  ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))
                  : 1;
  }
  threads = std::min(threads, kMaxThreads);
  const std::vector<const char*> starts = ChunkStarts(body, end, threads);
  std::vector<ChunkResult> chunks(starts.size());
  for (size_t i = 0; i < starts.size(); ++i) {
    chunks[i].begin = starts[i];
    chunks[i].end = i + 1 < starts.size() ? starts[i + 1] : end;
  }
  {
    std::vector<std::jthread> workers;
    for (size_t i = 1; i < chunks.size(); ++i) {
      workers.emplace_back([&settings, &chunks, i] { ParseChunk(settings, &chunks[i]); });
    }
    ParseChunk(settings, &chunks[0]);
  }
  for (const ChunkResult& chunk : chunks) {  // chunks are in file order: the first error wins
    if (chunk.failed) return fail(chunk.error.where, chunk.error.what);
  }

  Table table;
  table.source = std::string(source_name);
  table.delimiter = delim;
  for (const ChunkResult& chunk : chunks) table.num_rows += chunk.rows;
  table.columns.reserve(first.size());
  for (int j = 0; j < settings.num_fields; ++j) {
    table.columns.push_back(MergeColumn(settings, chunks, j));
  }
  const bool header = options.header == 1 ||
                      (options.header == -1 &&
                       DetectHeader(settings, first, table.columns, table.num_rows));
  table.had_header = header;
  if (header) {
    const std::vector<std::string> names = HeaderNames(first);
    for (int j = 0; j < settings.num_fields; ++j) table.columns[j].name = names[j];
  } else {
    for (int j = 0; j < settings.num_fields; ++j) {
      table.columns[j].name = "col_" + std::to_string(j + 1);
      PrependCell(settings, first[j], chunks, j, &table.columns[j]);
    }
    ++table.num_rows;
  }
  return table;
}

Result<Table> ReadCsvFile(const std::string& path, const CsvOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return Status::NotFound(path + ": no such file");
    return Status::IoError(path + ": " + std::strerror(err));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    const bool dir = S_ISDIR(st.st_mode);
    ::close(fd);
    return Status::IoError(path + (dir ? ": is a directory" : ": cannot read file status"));
  }
  size_t capacity = st.st_size > 0 ? static_cast<size_t>(st.st_size) : 65536;
  std::unique_ptr<char[]> buffer(new char[capacity]);
  size_t size = 0;
  while (true) {
    if (size == capacity) {  // the file grew, or its size was unknown
      std::unique_ptr<char[]> bigger(new char[capacity * 2]);
      std::memcpy(bigger.get(), buffer.get(), size);
      buffer = std::move(bigger);
      capacity *= 2;
    }
    const ssize_t got = ::read(fd, buffer.get() + size, capacity - size);
    if (got < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return Status::IoError(path + ": " + std::strerror(err));
    }
    if (got == 0) break;
    size += static_cast<size_t>(got);
  }
  ::close(fd);
  return ParseCsv(std::string_view(buffer.get(), size), path, options);
}

}  // namespace optiscope
