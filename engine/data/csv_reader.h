// CSV reader: RFC 4180 quoting (embedded delimiters, doubled quotes, newlines in quotes), LF or
// CRLF, UTF-8 BOM, delimiter detection (',' ';' tab), header detection, missing values, type
// inference. Errors say "file:line:column: what is wrong" (1-based line and column).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/data/table.h"

namespace optiscope {

struct CsvOptions {
  char delimiter = 0;  // 0 = detect among ',', ';', '\t'
  int header = -1;     // -1 = detect, 0 = no header row, 1 = first row is a header
  // Cells (after trimming spaces, outside quotes) that mean "missing"; compared case-sensitively.
  std::vector<std::string> na_values = {"", "NA", "N/A", "NaN", "nan", "?", "null", "NULL", "None"};
  // Parser threads: 0 = automatic (several only for inputs of at least 1 MiB); n >= 1 = split the
  // records into up to n chunks parsed in parallel whatever the size. The result is the same.
  int threads = 0;
};

// Parses CSV text. `source_name` is used in error messages. Thread-safe (no shared state).
Result<Table> ParseCsv(std::string_view text, std::string_view source_name,
                       const CsvOptions& options = {});

// Reads and parses a file. NotFound / IoError when it cannot be read; ParseError when malformed.
Result<Table> ReadCsvFile(const std::string& path, const CsvOptions& options = {});

}  // namespace optiscope
