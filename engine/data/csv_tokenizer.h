// Internal to the CSV reader: the RFC 4180 field tokenizer shared by delimiter detection, header
// parsing, the chunk parser and its slow paths, plus byte position -> line:column conversion.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace optiscope::csv_internal {

// Spaces trimmed around unquoted fields and around quotes: ' ', and '\t' unless it is the
// delimiter.
inline bool IsSpace(char c, char delim) { return c == ' ' || (c == '\t' && delim != '\t'); }

// One field's content: unquoted fields are trimmed; quoted fields are verbatim with "" -> ".
struct FieldText {
  std::string_view text;
  bool quoted = false;
};

// Where and why tokenizing failed. `where` points into the parsed text.
struct TokenError {
  const char* where = nullptr;
  std::string what;
};

// Tokenizes the field that starts at `p`. On success fills *field (its text may live in *scratch)
// and returns the position just after the field: a delimiter, a line break or `end`. On failure
// returns nullptr and fills *error (unterminated quote, stray quote, text after a closing quote).
const char* ReadField(const char* p, const char* end, char delim, FieldText* field,
                      std::string* scratch, TokenError* error);

// At a record start: skips lines that are empty or hold only spaces. Returns the next record's
// start, or `end`.
const char* SkipBlankLines(const char* p, const char* end, char delim);

// If `p` is at a line break ("\n", "\r\n" or a lone "\r"), returns the position after it; else p.
inline const char* SkipLineBreak(const char* p, const char* end) {
  if (p == end) return p;
  if (*p == '\n') return p + 1;
  if (*p == '\r') return (p + 1 < end && p[1] == '\n') ? p + 2 : p + 1;
  return p;
}

// Parses a number at the start of [p, end): optional sign, decimal digits, fraction, exponent
// (std::from_chars). Returns the position after it, or nullptr if there is no finite number there.
const char* ParseNumberPrefix(const char* p, const char* end, double* value);

// True when the whole of `s` is one finite number.
inline bool ParseNumber(std::string_view s, double* value) {
  if (s.empty()) return false;
  const char* q = ParseNumberPrefix(s.data(), s.data() + s.size(), value);
  return q == s.data() + s.size();
}

// Reads the record at `p` (not at a blank line), calling fn(index, const FieldText&) per field.
// With expected >= 0, a different field count is an error located at the extra field's start or
// at the end of the short record. Returns the next record's start (after the line break), or
// nullptr with *error filled.
template <class Fn>
const char* ReadRecord(const char* p, const char* end, char delim, int expected, Fn&& fn,
                       std::string* scratch, TokenError* error, int* count = nullptr);

// 1-based line and column of `where` in `text`. Lines end at "\n", "\r\n" or a lone "\r"; columns
// count UTF-8 code points (bytes that are not continuation bytes).
void LineColumn(std::string_view text, const char* where, int64_t* line, int64_t* column);

// Fills *error for a record whose field number `expected` + 1 starts at `extra`.
void TooManyFields(const char* extra, const char* end, char delim, int expected,
                   TokenError* error);
// Fills *error for a record that ends at `record_end` after `found` < `expected` fields.
void TooFewFields(const char* record_end, int expected, int found, TokenError* error);

// ----------------------------------------------------------------------------------------------
template <class Fn>
const char* ReadRecord(const char* p, const char* end, char delim, int expected, Fn&& fn,
                       std::string* scratch, TokenError* error, int* count) {
  int index = 0;
  while (true) {
    if (expected >= 0 && index == expected) {
      TooManyFields(p, end, delim, expected, error);
      return nullptr;
    }
    FieldText field;
    const char* q = ReadField(p, end, delim, &field, scratch, error);
    if (q == nullptr) return nullptr;
    fn(index, field);
    ++index;
    if (q != end && *q == delim) {
      p = q + 1;
      continue;
    }
    if (expected >= 0 && index < expected) {
      TooFewFields(q, expected, index, error);
      return nullptr;
    }
    if (count != nullptr) *count = index;
    return SkipLineBreak(q, end);
  }
}

}  // namespace optiscope::csv_internal
