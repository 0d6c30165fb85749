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
  // Non-finite numbers ("inf", "-Infinity", ...) are missing too: no model can learn from them.
  std::vector<std::string> na_values = {"",     "NA",   "N/A",  "NaN",  "nan",       "?",
                                        "null", "NULL", "None", "inf",  "-inf",      "+inf",
                                        "Inf",  "-Inf", "INF",  "-INF", "Infinity",  "-Infinity"};
  // Decimal mark: '.', or ',' ("1,5" is 1.5; a column is numeric when all its cells are such
  // numbers), or 0 = detect: ',' is accepted when the delimiter is not ','.
  char decimal = 0;
  // Parser threads: 0 = automatic (several only for inputs of at least 1 MiB); n >= 1 = split the
  // records into up to n chunks parsed in parallel whatever the size. The result is the same.
  int threads = 0;
};

// Parses CSV text. `source_name` is used in error messages. Thread-safe (no shared state).
// Details: a UTF-8 BOM is skipped; lines end at "\n", "\r\n" or a lone "\r"; lines that are empty
// or hold only spaces are skipped; spaces around unquoted fields and around quotes are trimmed;
// quoted cells are matched against na_values and parsed as numbers like unquoted ones; numbers
// are finite decimals (std::from_chars syntax, optional leading '+'; hex is text; see `decimal`
// for decimal commas);
// a header is detected when no first-row cell is a number and either a column below it holds
// numbers or no first-row value reappears in its column; duplicate or empty header names become
// "name.1" / "col_N". Error columns count UTF-8 code points; "too many fields" points at the
// first extra field, "too few fields" at the end of the short record, an unterminated quote at
// the opening quote. An empty file is a ParseError at 1:1.
Result<Table> ParseCsv(std::string_view text, std::string_view source_name,
                       const CsvOptions& options = {});

// Reads and parses a file. NotFound / IoError when it cannot be read; ParseError when malformed.
Result<Table> ReadCsvFile(const std::string& path, const CsvOptions& options = {});

}  // namespace optiscope
