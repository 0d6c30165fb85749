#include "engine/data/csv_tokenizer.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace optiscope::csv_internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

const char* ReadField(const char* p, const char* end, char delim, FieldText* field,
                      std::string* scratch, TokenError* error) {
  while (p < end && IsSpace(*p, delim)) ++p;
  if (p < end && *p == '"') {
    const char* open = p;
    ++p;
    const char* segment = p;
    bool escaped = false;
    while (true) {
      const char* q = static_cast<const char*>(std::memchr(p, '"', end - p));
      if (q == nullptr) {
        error->where = open;
        error->what = "unterminated quoted field: this quote is never closed";
        return nullptr;
      }
      if (q + 1 < end && q[1] == '"') {  // "" inside quotes is one quote character
        if (!escaped) {
          escaped = true;
          scratch->clear();
        }
        scratch->append(p, q - p);
        scratch->push_back('"');
        p = q + 2;
        continue;
      }
      if (escaped) {
        scratch->append(p, q - p);
        field->text = *scratch;
      } else {
        field->text = std::string_view(segment, q - segment);
      }
      p = q + 1;
      break;
    }
    while (p < end && IsSpace(*p, delim)) ++p;
    if (p < end && *p != delim && *p != '\n' && *p != '\r') {
      error->where = p;
      error->what = "unexpected character after a closing quote (a quote inside a quoted field "
                    "must be doubled)";
      return nullptr;
    }
    field->quoted = true;
    return p;
  }
  const char* content = p;
  while (p < end) {
    const char c = *p;
    if (c == delim || c == '\n' || c == '\r') break;
    if (c == '"') {
      error->where = p;
      error->what = "quote inside an unquoted field (enclose the field in quotes and double the "
                    "quote)";
      return nullptr;
    }
    ++p;
  }
  const char* stop = p;
  while (stop > content && IsSpace(stop[-1], delim)) --stop;
  field->text = std::string_view(content, stop - content);
  field->quoted = false;
  return p;
}

const char* SkipBlankLines(const char* p, const char* end, char delim) {
  while (p < end) {
    const char* q = p;
    while (q < end && IsSpace(*q, delim)) ++q;
    if (q == end) return end;
    if (*q != '\n' && *q != '\r') return p;
    p = SkipLineBreak(q, end);
  }
  return p;
}

const char* ParseNumberPrefix(const char* p, const char* end, double* value) {
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
  const auto [q, ec] = std::from_chars(s, end, *value);
  if (ec != std::errc() || !std::isfinite(*value)) return nullptr;
  return q;
}

void TooManyFields(const char* extra, const char* end, char delim, int expected,
                   TokenError* error) {
  // Count the fields of the whole record for the message (tolerant: stop at a malformed field).
  std::string scratch;
  TokenError ignored;
  int count = expected;
  bool clean = true;
  const char* p = extra;
  while (true) {
    FieldText field;
    const char* q = ReadField(p, end, delim, &field, &scratch, &ignored);
    if (q == nullptr) {
      clean = false;
      break;
    }
    ++count;
    if (q == end || *q != delim) break;
    p = q + 1;
  }
  error->where = extra;
  error->what = "too many fields: expected " + std::to_string(expected) +
                (clean ? ", found " + std::to_string(count) : "");
}

void TooFewFields(const char* record_end, int expected, int found, TokenError* error) {
  error->where = record_end;
  error->what = "too few fields: expected " + std::to_string(expected) + ", found " +
                std::to_string(found);
}

void LineColumn(std::string_view text, const char* where, int64_t* line, int64_t* column) {
  int64_t l = 1, c = 1;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  if (where > end) where = end;
  while (p < where) {
    const char ch = *p;
    const bool crlf = ch == '\r' && p + 1 < end && p[1] == '\n';
    if (ch == '\n' || (ch == '\r' && !crlf)) {
      ++l;
      c = 1;
    } else if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) {
      ++c;
    }
    ++p;
  }
  *line = l;
  *column = c;
}

}  // namespace optiscope::csv_internal
