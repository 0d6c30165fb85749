// Seeded randomized tests of the CSV reader: mutated inputs never crash and the parallel chunked
// parse always agrees with the sequential one (same table or same error message); random tables
// written with RFC 4180 quoting read back exactly; the number fast path agrees with from_chars.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "engine/core/rng.h"
#include "engine/data/csv_reader.h"
#include "engine/data/csv_tokenizer.h"
#include "tests/engine/data/csv_test_util.h"

namespace optiscope {
namespace csv_fuzz_test {

using testing_csv::Dump;

std::string Outcome(std::string_view text, int threads) {
  CsvOptions options;
  options.threads = threads;
  Result<Table> t = ParseCsv(text, "f.csv", options);
  if (!t.ok()) return "ERROR " + t.status().message();
  return Dump(*t) + (t->had_header ? "header" : "no header") + " delim=" + t->delimiter;
}

const char* const kSeeds[] = {
    "a,b,c\n1,2,3\n4,5,6\n7,8,9\n",
    "id;name;v\r\n1;\"x;y\";2.5\r\n2;\"he said \"\"hi\"\"\";NA\r\n3;z;-1e3\r\n",
    "x\ty\tlabel\n1\t2\tcat\n3\t\tdog\n\"4\"\t5\t\"multi\nline\"\n",
    "\xEF\xBB\xBFp,q\n\"1\",\"2\"\n3,4",
    "name,score\nann,1\nbob,?\ncid,3\ndee,null\n",
};

// Replaces, inserts or deletes a few bytes, favouring the characters the parser cares about.
std::string Mutate(std::string s, Rng& rng) {
  const char kBytes[] = {'"', ',', ';', '\t', '\n', '\r', ' ',
                         '1', 'a', '.', '-',  'e',  '\0', '\xC3'};
  const int edits = 1 + static_cast<int>(rng.UniformInt(4));
  for (int e = 0; e < edits; ++e) {
    const char c = kBytes[rng.UniformInt(sizeof(kBytes))];
    const size_t pos = s.empty() ? 0 : rng.UniformInt(s.size() + 1);
    switch (rng.UniformInt(3)) {
      case 0:
        if (pos < s.size()) s[pos] = c;
        break;
      case 1:
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(pos), c);
        break;
      default:
        if (pos < s.size()) s.erase(pos, 1);
    }
  }
  return s;
}

TEST(CsvFuzzTest, MutatedInputsParseTheSameInParallel) {
  Rng rng(2024);
  int errors = 0, oks = 0;
  for (int iter = 0; iter < 4000; ++iter) {
    std::string text = kSeeds[rng.UniformInt(std::size(kSeeds))];
    // Repeat the body so that several chunks exist.
    const std::string copy = text;
    for (int k = static_cast<int>(rng.UniformInt(6)); k > 0; --k) {
      text += copy.substr(copy.find('\n') + 1);
      if (text.back() != '\n') text += '\n';
    }
    text = Mutate(text, rng);
    const std::string sequential = Outcome(text, 1);
    const std::string parallel = Outcome(text, 2 + static_cast<int>(rng.UniformInt(4)));
    ASSERT_EQ(sequential, parallel) << "input: " << ::testing::PrintToString(text);
    if (sequential.rfind("ERROR ", 0) == 0) {
      ++errors;
      // Errors always carry "f.csv:line:column: reason".
      EXPECT_EQ(sequential.rfind("ERROR f.csv:", 0), 0u) << sequential;
    } else {
      ++oks;
    }
  }
  // Both outcomes are exercised.
  EXPECT_GT(errors, 400);
  EXPECT_GT(oks, 400);
}

TEST(CsvFuzzTest, RandomBytesNeverCrash) {
  Rng rng(77);
  const char kBytes[] = "\",;\t\n\r 01a.-e?N";
  for (int iter = 0; iter < 3000; ++iter) {
    std::string text(rng.UniformInt(64), ' ');
    for (char& c : text) c = kBytes[rng.UniformInt(sizeof(kBytes) - 1)];
    ASSERT_EQ(Outcome(text, 1), Outcome(text, 3)) << ::testing::PrintToString(text);
  }
}

// Quotes a cell when RFC 4180 requires it (or at random), doubling quotes.
std::string Quote(const std::string& cell, char delim, Rng& rng) {
  const bool needs = cell.find_first_of(std::string("\"\r\n ") + delim) != std::string::npos;
  if (!needs && rng.UniformInt(4) != 0) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

TEST(CsvFuzzTest, RandomTablesRoundTrip) {
  Rng rng(99);
  const char kDelims[] = {',', ';', '\t'};
  // Whole UTF-8 characters: text that is not UTF-8 is read as Latin-1 (and so changes).
  const std::vector<std::string> kText = {"a", "b", "\"", "c", ",", " ", ";", "\t", "\n", "\r",
                                          "-", "x", "\xC3\xA9"};
  for (int iter = 0; iter < 300; ++iter) {
    const char delim = kDelims[rng.UniformInt(3)];
    const int cols = 2 + static_cast<int>(rng.UniformInt(4));
    const int rows = 1 + static_cast<int>(rng.UniformInt(30));
    const std::string eol = rng.UniformInt(2) ? "\r\n" : "\n";
    std::vector<bool> numeric(cols);
    std::vector<std::vector<std::string>> cells(rows, std::vector<std::string>(cols));
    std::vector<std::vector<double>> values(rows, std::vector<double>(cols));
    std::string text = rng.UniformInt(2) ? "\xEF\xBB\xBF" : "";
    for (int c = 0; c < cols; ++c) {
      numeric[c] = rng.UniformInt(2) == 0;
      text += (c ? std::string(1, delim) : "") + Quote("c" + std::to_string(c), delim, rng);
    }
    text += eol;
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < cols; ++c) {
        std::string cell;
        if (numeric[c]) {
          values[r][c] = rng.Normal() * std::pow(10.0, static_cast<int>(rng.UniformInt(9)) - 4);
          char buf[64];
          const auto res = std::to_chars(buf, buf + sizeof(buf), values[r][c]);
          cell.assign(buf, res.ptr);
        } else {
          cell = "t";  // a letter first: never a number or a missing marker
          for (int k = static_cast<int>(rng.UniformInt(8)); k > 0; --k) {
            cell += kText[rng.UniformInt(kText.size())];
          }
          while (cell.back() == ' ' || cell.back() == '\t') cell.pop_back();
        }
        cells[r][c] = cell;
        text += (c ? std::string(1, delim) : "") + Quote(cell, delim, rng);
      }
      if (r + 1 < rows || rng.UniformInt(2)) text += eol;
    }
    CsvOptions options;
    options.header = 1;
    options.threads = 1 + static_cast<int>(rng.UniformInt(3));
    Result<Table> t = ParseCsv(text, "rt.csv", options);
    ASSERT_TRUE(t.ok()) << t.status().message() << "\n" << ::testing::PrintToString(text);
    ASSERT_EQ(t->delimiter, delim);
    ASSERT_EQ(t->num_rows, static_cast<size_t>(rows));
    for (int c = 0; c < cols; ++c) {
      const Column& col = t->columns[c];
      ASSERT_EQ(col.name, "c" + std::to_string(c));
      ASSERT_EQ(col.type, numeric[c] ? ColumnType::kNumeric : ColumnType::kCategorical);
      for (int r = 0; r < rows; ++r) {
        if (numeric[c]) {
          ASSERT_EQ(col.numbers[r], values[r][c]);  // shortest round-trip text: exact
        } else {
          ASSERT_EQ(col.categories[col.codes[r]], cells[r][c]);
        }
      }
    }
  }
}

TEST(CsvFuzzTest, NumberFastPathMatchesFromChars) {
  Rng rng(5);
  const char kChars[] = "0123456789.eE+-";
  int valid = 0;
  for (int iter = 0; iter < 200000; ++iter) {
    std::string s;
    const int len = 1 + static_cast<int>(rng.UniformInt(24));
    for (int i = 0; i < len; ++i) {
      // Mostly digits, so that long valid numbers appear.
      s += rng.UniformInt(3) ? kChars[rng.UniformInt(10)] : kChars[rng.UniformInt(15)];
    }
    double got = 0.0;
    const char* end = s.data() + s.size();
    const char* q = csv_internal::ParseNumberPrefix(s.data(), end, &got);
    // Reference: from_chars after the same sign rules ('+' allowed before a digit or '.').
    const char* start = s.data();
    bool valid_start = true;
    if (*start == '+') {
      ++start;
      valid_start =
          start < end && (std::isdigit(static_cast<unsigned char>(*start)) || *start == '.');
    } else if (*start == '-') {
      valid_start = start + 1 < end &&
                    (std::isdigit(static_cast<unsigned char>(start[1])) || start[1] == '.');
    } else {
      valid_start = std::isdigit(static_cast<unsigned char>(*start)) || *start == '.';
    }
    double want = 0.0;
    const auto ref = valid_start ? std::from_chars(start, end, want)
                                 : std::from_chars_result{start, std::errc::invalid_argument};
    const bool want_ok = valid_start && ref.ec == std::errc() && std::isfinite(want);
    ASSERT_EQ(q != nullptr, want_ok) << s;
    if (want_ok) {
      ++valid;
      ASSERT_EQ(q, ref.ptr) << s;
      ASSERT_EQ(std::memcmp(&got, &want, sizeof(double)), 0) << s << " " << got << " " << want;
    }
  }
  EXPECT_GT(valid, 50000);  // both the fast path and the from_chars fallback are exercised
}

}  // namespace csv_fuzz_test
}  // namespace optiscope
