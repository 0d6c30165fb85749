#include "engine/search/json_locate.h"
#include "engine/core/str_cat.h"

#include <cctype>

namespace optiscope {
namespace {

// A minimal scanner over valid JSON: skips values and reads keys.
class Scanner {
 public:
  explicit Scanner(const std::string& text) : text_(text) {}
  size_t pos() const { return pos_; }
  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  char Peek() {
    SkipSpace();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  void Expect(char c) {
    if (Peek() == c) ++pos_;
  }
  std::string ReadString() {
    std::string out;
    Expect('"');
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        out += text_[pos_ + 1];
        pos_ += 2;
        continue;
      }
      out += text_[pos_++];
    }
    ++pos_;
    return out;
  }
  void SkipValue() {
    const char c = Peek();
    if (c == '"') {
      ReadString();
    } else if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      if (Peek() == close) {
        ++pos_;
        return;
      }
      while (pos_ < text_.size()) {
        if (c == '{') {
          ReadString();
          Expect(':');
        }
        SkipValue();
        const char next = Peek();
        ++pos_;
        if (next != ',') break;
      }
    } else {
      while (pos_ < text_.size() && std::string(",]} \t\r\n").find(text_[pos_]) == std::string::npos) {
        ++pos_;
      }
    }
  }
  // Positions at the value of `key` in the object starting here; false if absent.
  bool EnterKey(const std::string& key) {
    if (Peek() != '{') return false;
    const size_t start = pos_;
    ++pos_;
    if (Peek() == '}') {
      pos_ = start;
      return false;
    }
    while (pos_ < text_.size()) {
      const std::string k = ReadString();
      Expect(':');
      if (k == key) {
        Peek();
        return true;
      }
      SkipValue();
      const char next = Peek();
      ++pos_;
      if (next != ',') break;
    }
    pos_ = start;
    return false;
  }
  bool EnterIndex(int index) {
    if (Peek() != '[') return false;
    const size_t start = pos_;
    ++pos_;
    if (Peek() == ']') {
      pos_ = start;
      return false;
    }
    for (int i = 0; pos_ < text_.size(); ++i) {
      if (i == index) {
        Peek();
        return true;
      }
      SkipValue();
      const char next = Peek();
      ++pos_;
      if (next != ',') break;
    }
    pos_ = start;
    return false;
  }

 private:
  const std::string& text_;
  size_t pos_ = 0;
};

}  // namespace

std::string LocateJsonPath(const std::string& text, const std::vector<JsonPathStep>& path) {
  Scanner s(text);
  s.Peek();
  for (const JsonPathStep& step : path) {
    const bool found = std::holds_alternative<std::string>(step)
                           ? s.EnterKey(std::get<std::string>(step))
                           : s.EnterIndex(std::get<int>(step));
    if (!found) break;
  }
  int line = 1;
  int column = 1;
  for (size_t i = 0; i < s.pos() && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

std::string JsonPathText(const std::vector<JsonPathStep>& path) {
  std::string out;
  for (const JsonPathStep& step : path) {
    if (std::holds_alternative<std::string>(step)) {
      out += (out.empty() ? "" : ".") + std::get<std::string>(step);
    } else {
      StrAppend(&out, {"[", std::to_string(std::get<int>(step)), "]"});
    }
  }
  return out;
}

}  // namespace optiscope
