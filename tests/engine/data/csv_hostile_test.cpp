// The CSV reader on hostile input (issue 13): binary files are named as such, Latin-1 text is
// converted to UTF-8, FIFOs and devices neither hang nor grow memory without bound, and many
// duplicate header names or many columns parse correctly in linear time.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "engine/core/utf8.h"
#include "engine/data/csv_reader.h"

namespace optiscope {
namespace csv_hostile_test {

TEST(CsvHostileTest, BinaryDataIsNotATextCsv) {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  const auto r = ParseCsv(png, "image.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "image.csv:3:1: not a text CSV (NUL bytes)");
  std::string controls = "a,b\n";
  for (int i = 0; i < 400; ++i) controls += static_cast<char>(1 + i % 8);
  const auto c = ParseCsv(controls, "blob.csv");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("not a text CSV"), std::string::npos)
      << c.status().message();
}

// Fuzz finding csv/exponent_overflow (tests/fuzz/findings/csv/): a number with a long run of
// exponent digits overflowed int64_t in the fast decimal path (UBSan: signed integer overflow).
// The fast path now stops at 4 exponent digits and leaves the rest to std::from_chars.
TEST(CsvHostileTest, LongExponentsParseWithoutOverflow) {
  const auto r = ParseCsv("x,y\n4e00000000000000000002,1\n1.5E-0000000000000000000001,2\n",
                          "exp.csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->columns[0].numbers.size(), 2u);
  EXPECT_DOUBLE_EQ(r->columns[0].numbers[0], 400.0);
  EXPECT_DOUBLE_EQ(r->columns[0].numbers[1], 0.15);
  std::ifstream in(std::string(OPTISCOPE_SOURCE_DIR) +
                       "/tests/fuzz/findings/csv/exponent_overflow.csv",
                   std::ios::binary);
  ASSERT_TRUE(in.good());
  const std::string finding((std::istreambuf_iterator<char>(in)), {});
  (void)ParseCsv(finding, "exponent_overflow.csv");  // an error or a table; no UB (sanitizers)
}

TEST(CsvHostileTest, Latin1NamesAndLabelsBecomeUtf8) {
  const auto r = ParseCsv("caf\xE9,label\n1,gr\xFCn\n2,bleu\n", "latin1.csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->columns[0].name, "caf\xC3\xA9");
  ASSERT_EQ(r->columns[1].categories.size(), 2u);
  EXPECT_EQ(r->columns[1].categories[0], "gr\xC3\xBCn");
  EXPECT_TRUE(IsValidUtf8(r->columns[1].categories[0]));
}

TEST(CsvHostileTest, ManyDuplicateHeaderNamesGetDistinctSuffixes) {
  const int n = 20000;  // quadratic before: every copy retried every earlier suffix
  std::string header, row;
  for (int j = 0; j < n; ++j) {
    header += j ? ",x" : "x";
    row += j ? ",1" : "1";
  }
  const auto r = ParseCsv(header + "\n" + row + "\n", "dups.csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->columns.size(), static_cast<size_t>(n));
  EXPECT_EQ(r->columns[0].name, "x");
  EXPECT_EQ(r->columns[1].name, "x.1");
  EXPECT_EQ(r->columns[n - 1].name, "x." + std::to_string(n - 1));
  // A later "x.1" in the header does not collide with a generated name.
  const auto mixed = ParseCsv("x,x,x.1\n1,2,3\n", "m.csv");
  ASSERT_TRUE(mixed.ok());
  EXPECT_EQ(mixed->columns[1].name, "x.1");
  EXPECT_EQ(mixed->columns[2].name, "x.1.1");
}

TEST(CsvHostileTest, ManyColumnsTurningCategoricalParse) {
  const int n = 20000;
  std::string header, numbers, words;
  for (int j = 0; j < n; ++j) {
    header += (j ? ",c" : "c") + std::to_string(j);
    numbers += j ? ",1" : "1";
    words += j ? ",w" : "w";
  }
  const auto r = ParseCsv(header + "\n" + numbers + "\n" + words + "\n", "wide.csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->num_rows, 2u);
  EXPECT_EQ(r->columns[n - 1].type, ColumnType::kCategorical);
  EXPECT_EQ(r->columns[n - 1].categories, (std::vector<std::string>{"1", "w"}));
}

std::filesystem::path FreshDir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(CsvHostileTest, AFifoNobodyWritesIsRefusedNotWaitedFor) {
  const auto dir = FreshDir("csv_fifo");
  const std::string fifo = (dir / "data.csv").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto r = ReadCsvFile(fifo);  // hung forever in open() before
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), fifo + ": a FIFO with no data (no program wrote to it)");
  std::filesystem::remove_all(dir);
}

TEST(CsvHostileTest, DevZeroIsRefusedAtOnce) {
  const auto r = ReadCsvFile("/dev/zero");  // grew memory without bound before
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "/dev/zero: not a text CSV (NUL bytes)");
}

TEST(CsvHostileTest, AStreamLongerThanTheBudgetIsRefused) {
  ::setenv("OPTISCOPE_MEMORY_BUDGET", "200000", 1);
  const auto dir = FreshDir("csv_budget");
  const std::string path = (dir / "big.csv").string();
  {
    std::ofstream out(path);
    for (int i = 0; i < 20000; ++i) out << i << "," << i << "\n";
  }
  const auto r = ReadCsvFile(path);
  ::unsetenv("OPTISCOPE_MEMORY_BUDGET");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("needs"), std::string::npos) << r.status().message();
  std::filesystem::remove_all(dir);
}

}  // namespace csv_hostile_test
}  // namespace optiscope
