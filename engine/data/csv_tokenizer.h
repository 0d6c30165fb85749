// Internal to the CSV reader: the RFC 4180 field tokenizer shared by delimiter detection, header
// parsing, the chunk parser and its slow paths, plus byte position -> line:column conversion.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
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
// Inline: the parser's innermost call.
inline const char* ParseNumberPrefix(const char* p, const char* end, double* value);

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
void TooManyFields(const char* extra, const char* end, char delim, int expected, TokenError* error);
// Fills *error for a record that ends at `record_end` after `found` < `expected` fields.
void TooFewFields(const char* record_end, int expected, int found, TokenError* error);

// ----------------------------------------------------------------------------------------------
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// Clinger's fast path (Clinger 1990, "How to read floating point numbers accurately"): a decimal
// with at most 19 digits whose integer value is below 2^53, scaled by 10^e with |e| <= 22, is
// one correctly rounded IEEE multiplication or division of two exact doubles. Returns nullptr
// when the text is outside that case (std::from_chars decides then).
inline const char* FastDecimal(const char* s, const char* end, bool negative, double* value) {
  uint64_t mantissa = 0;
  const char* digits = s;
  while (s < end && IsDigit(*s)) mantissa = mantissa * 10 + static_cast<unsigned>(*s++ - '0');
  const std::ptrdiff_t int_digits = s - digits;
  std::ptrdiff_t frac_digits = 0;
  if (s < end && *s == '.') {
    const char* f = ++s;
    while (s < end && IsDigit(*s)) mantissa = mantissa * 10 + static_cast<unsigned>(*s++ - '0');
    frac_digits = s - f;
  }
  if (int_digits + frac_digits == 0 || int_digits + frac_digits > 19) return nullptr;
  int64_t exponent = -frac_digits;
  if (s < end && (*s == 'e' || *s == 'E')) {
    const char* e = s + 1;
    bool exp_negative = false;
    if (e < end && (*e == '+' || *e == '-')) exp_negative = *e++ == '-';
    if (e < end && IsDigit(*e)) {  // else the 'e' is not part of the number
      // At most 4 exponent digits here (the rest goes to from_chars): accumulating all of them
      // first overflowed int64_t on a long run of digits (fuzz finding csv/exponent_overflow).
      int64_t x = 0;
      const char* start = e;
      while (e < end && IsDigit(*e)) {
        if (e - start == 4) return nullptr;
        x = x * 10 + (*e++ - '0');
      }
      exponent += exp_negative ? -x : x;
      s = e;
    }
  }
  if (mantissa > (uint64_t{1} << 53) || exponent < -22 || exponent > 22) return nullptr;
  double v = static_cast<double>(mantissa);
  v = exponent < 0 ? v / kPow10[-exponent] : v * kPow10[exponent];
  *value = negative ? -v : v;
  return s;
}

inline const char* ParseNumberPrefix(const char* p, const char* end, double* value) {
  if (p == end) return nullptr;
  const char* s = p;
  if (*s == '+') ++s;
  if (s == end) return nullptr;
  if (*s == '-') {
    if (s != p) return nullptr;  // "+-"
    if (s + 1 == end || !(IsDigit(s[1]) || s[1] == '.')) return nullptr;
  } else if (!(IsDigit(*s) || *s == '.')) {
    return nullptr;
  }
  const bool negative = *s == '-';
  const char* fast = FastDecimal(negative ? s + 1 : s, end, negative, value);
  if (fast != nullptr) return fast;
  const auto [q, ec] = std::from_chars(s, end, *value);
  if (ec != std::errc() || !std::isfinite(*value)) return nullptr;
  return q;
}

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
