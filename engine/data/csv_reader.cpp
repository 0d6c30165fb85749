#include "engine/data/csv_reader.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engine/core/memory.h"
#include "engine/core/parallel_for.h"
#include "engine/core/thread_budget.h"
#include "engine/core/utf8.h"
#include "engine/data/csv_chunk.h"
#include "engine/data/csv_decimal.h"
#include "engine/data/csv_tokenizer.h"

namespace optiscope {
namespace {

using csv_internal::ChunkResult;
using csv_internal::ColumnPart;
using csv_internal::FieldText;
using csv_internal::MergeColumn;
using csv_internal::ParseChunks;
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
    const bool consistent =
        std::all_of(counts.begin(), counts.end(), [&](int c) { return c == counts[0]; });
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
void PrependCell(const ParseSettings& settings, const Cell& cell, std::vector<ChunkResult>& chunks,
                 int j, Column* column) {
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

// ParseError "SOURCE:LINE:COLUMN: not a text CSV (NUL bytes)" / "(binary data: ...)" when the
// text holds a NUL byte, or when more than 1 in 32 of its first 64 KiB are other control bytes.
Status CheckText(std::string_view text, std::string_view source_name) {
  auto binary = [&](const char* where, const std::string& why) {
    int64_t line = 1, column = 1;
    csv_internal::LineColumn(text, where, &line, &column);
    return Status::ParseError(std::string(source_name) + ":" + std::to_string(line) + ":" +
                              std::to_string(column) + ": not a text CSV (" + why + ")");
  };
  if (const void* nul = std::memchr(text.data(), '\0', text.size()); nul != nullptr) {
    return binary(static_cast<const char*>(nul), "NUL bytes");
  }
  const size_t sample = std::min<size_t>(text.size(), 64 * 1024);
  size_t control = 0;
  const char* first_control = nullptr;
  for (size_t i = 0; i < sample; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) {
      ++control;
      if (first_control == nullptr) first_control = text.data() + i;
    }
  }
  if (control * 32 > sample) {
    return binary(first_control, std::to_string(control) + " control bytes in the first " +
                                     std::to_string(sample) + "; binary data");
  }
  return Status::Ok();
}

std::vector<std::string> HeaderNames(const std::vector<Cell>& first) {
  std::vector<std::string> names;
  std::unordered_set<std::string> used;
  // The next suffix to try per base name: n copies of one name cost O(n), not O(n^2).
  std::unordered_map<std::string, int> next_suffix;
  for (size_t j = 0; j < first.size(); ++j) {
    std::string base = first[j].text.empty() ? "col_" + std::to_string(j + 1) : first[j].text;
    std::string name = base;
    if (used.count(name) != 0) {
      int& k = next_suffix[base];
      do {
        name = base + "." + std::to_string(++k);
      } while (used.count(name) != 0);
    }
    used.insert(name);
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

Result<Table> ParseCsv(std::string_view text, std::string_view source_name,
                       const CsvOptions& options) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  // Text, not a binary file: a NUL byte or many control bytes mean an image, an archive, a
  // model file... named as such rather than "too many fields" somewhere in the middle.
  if (Status s = CheckText(text, source_name); !s.ok()) return s;
  const size_t valid = ValidUtf8Prefix(text);
  if (valid < text.size()) {
    // Not UTF-8: read as Latin-1 (ISO 8859-1, what spreadsheet exports without an encoding
    // usually are), so that names and labels are UTF-8 everywhere downstream.
    const std::string utf8 = Latin1ToUtf8(text);
    return ParseCsv(utf8, source_name, options);
  }
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
  if (options.decimal != 0 && options.decimal != '.' && options.decimal != ',') {
    return Status::InvalidArgument("CSV decimal mark must be '.' or ','");
  }
  if (options.decimal == ',' && (d == ',')) {
    return Status::InvalidArgument("CSV decimal mark ',' needs a delimiter other than ','");
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
      [&](int, const FieldText& f) {
        first.push_back({std::string(f.text), f.quoted});
      },
      &scratch, &error);
  if (body == nullptr) return fail(error.where, error.what);
  const ParseSettings settings(delim, static_cast<int>(first.size()), options.na_values, end);

  int threads = options.threads;
  if (threads <= 0) {
    threads = static_cast<size_t>(end - body) >= kParallelMinBytes ? WorkerThreads() : 1;
  }
  threads = std::min(threads, kMaxThreads);
  std::vector<ChunkResult> chunks;
  Result<bool> exact = ParseChunks(settings, body, end, threads, /*quote_aware=*/false, &chunks);
  if (exact.ok() && !*exact) {
    exact = ParseChunks(settings, body, end, threads, /*quote_aware=*/true, &chunks);
  }
  if (!exact.ok()) return exact.status();
  for (const ChunkResult& chunk : chunks) {  // chunks are in file order: the first error wins
    if (chunk.failed) return fail(chunk.error.where, chunk.error.what);
  }

  Table table;
  table.source = std::string(source_name);
  table.delimiter = delim;
  for (const ChunkResult& chunk : chunks) table.num_rows += chunk.rows;
  table.columns.resize(first.size());
  {  // Columns merge independently: share them among the pool's threads.
    ParallelForOptions parallel;
    parallel.max_threads = std::min<int>(threads, static_cast<int>(chunks.size()));
    OPTISCOPE_RETURN_IF_ERROR(ParallelFor(settings.num_fields, parallel, [&](int j) {
      table.columns[j] = MergeColumn(settings, chunks, j);
    }));
  }
  const bool header =
      options.header == 1 ||
      (options.header == -1 && DetectHeader(settings, first, table.columns, table.num_rows));
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
  if (options.decimal == ',' || (options.decimal == 0 && delim != ',')) {
    ConvertDecimalCommaColumns(&table);
  }
  return table;
}

Result<Table> ReadCsvFile(const std::string& path, const CsvOptions& options) {
  // O_NONBLOCK: opening a FIFO that no program writes to must not hang.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
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
  const bool regular = S_ISREG(st.st_mode);
  // The file is read (not mapped): a file that another program truncates while it is read then
  // ends early instead of killing the process with SIGBUS. What is read must fit the memory budget:
  // a regular file is checked up front, a FIFO or a device (/dev/zero) as it grows.
  const uint64_t budget = MemoryBudgetBytes();
  std::string data;
  if (regular && st.st_size > 0) {
    if (Status s = CheckMemoryBudget(2.0 * static_cast<double>(st.st_size), "reading " + path);
        !s.ok()) {
      ::close(fd);
      return s;
    }
    data.reserve(static_cast<size_t>(st.st_size));
  }
  constexpr int kStreamIdleMs = 30000;
  std::vector<char> buffer(1 << 16);
  while (true) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {  // a FIFO or pipe whose writer has not written yet
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, kStreamIdleMs);
        if (ready == 0) {
          ::close(fd);
          return Status::IoError(path + ": no data arrived for " +
                                 std::to_string(kStreamIdleMs / 1000) + " s");
        }
        continue;
      }
      const int err = errno;
      ::close(fd);
      return Status::IoError(path + ": " + std::strerror(err));
    }
    if (got == 0) break;
    if (data.size() + static_cast<size_t>(got) > budget / 2) {
      ::close(fd);
      return Status::InvalidArgument(path + ": longer than the memory budget allows (" +
                                     FormatBytes(static_cast<double>(budget / 2)) +
                                     " of text; the machine has " +
                                     FormatBytes(static_cast<double>(budget)) + ")");
    }
    if (!regular && std::memchr(buffer.data(), '\0', static_cast<size_t>(got)) != nullptr) {
      ::close(fd);  // /dev/zero, /dev/urandom: refused at the first block
      return Status::ParseError(path + ": not a text CSV (NUL bytes)");
    }
    data.append(buffer.data(), static_cast<size_t>(got));
  }
  ::close(fd);
  if (data.empty() && S_ISFIFO(st.st_mode)) {
    return Status::IoError(path + ": a FIFO with no data (no program wrote to it)");
  }
  return ParseCsv(data, path, options);
}

}  // namespace optiscope
