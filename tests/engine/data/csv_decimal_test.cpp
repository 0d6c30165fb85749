// Decimal commas and non-finite cells: what spreadsheets in ',' decimal locales write, and what
// numeric exports hold for overflowed values.
#include <gtest/gtest.h>

#include <string>

#include "engine/data/csv_reader.h"
#include "tests/engine/data/csv_test_util.h"

namespace optiscope {
namespace csv_decimal_test {

using testing_csv::Dump;

std::string Parse(const std::string& text, const CsvOptions& options = {}) {
  Result<Table> t = ParseCsv(text, "t.csv", options);
  if (!t.ok()) return "ERROR " + t.status().message();
  return Dump(*t);
}

TEST(CsvDecimalTest, SemicolonFilesReadDecimalCommas) {
  EXPECT_EQ(Parse("a;b;y\n1,5;2;0\n-0,25;NA;1\n3;4,75;0\n"),
            "a:numeric=1.5|-0.25|3\nb:numeric=2|NA|4.75\ny:numeric=0|1|0\n");
  EXPECT_EQ(Parse("a\tb\n1,5\tx\n2\ty\n"), "a:numeric=1.5|2\nb:categorical{x,y}=x|y\n");
}

TEST(CsvDecimalTest, AmbiguousOrTextCellsStayCategorical) {
  // A thousands separator with a decimal point, two commas, or a word: not decimal commas.
  EXPECT_EQ(Parse("a;b;c\n1.234,5;1,2,3;1,5\n2;4;abc\n"),
            "a:categorical{1.234,5,2}=1.234,5|2\nb:categorical{1,2,3,4}=1,2,3|4\n"
            "c:categorical{1,5,abc}=1,5|abc\n");
  // Comma-delimited files never read quoted "1,5" as 1.5 unless asked.
  EXPECT_EQ(Parse("a,b\n\"1,5\",1\n\"2,5\",2\n"),
            "a:categorical{1,5,2,5}=1,5|2,5\nb:numeric=1|2\n");
}

TEST(CsvDecimalTest, OptionForcesOrDisablesTheDecimalComma) {
  CsvOptions dot;
  dot.decimal = '.';
  EXPECT_EQ(Parse("a;b\n1,5;1\n2,5;2\n", dot), "a:categorical{1,5,2,5}=1,5|2,5\nb:numeric=1|2\n");
  CsvOptions comma;
  comma.decimal = ',';
  EXPECT_EQ(Parse("a;b\n1,5;1\n2,5;2\n", comma), "a:numeric=1.5|2.5\nb:numeric=1|2\n");
  comma.delimiter = ',';
  EXPECT_EQ(Parse("a,b\n1,2\n", comma),
            "ERROR CSV decimal mark ',' needs a delimiter other than ','");
  CsvOptions bad;
  bad.decimal = ':';
  EXPECT_EQ(Parse("a\n1\n", bad), "ERROR CSV decimal mark must be '.' or ','");
}

TEST(CsvDecimalTest, NonFiniteCellsAreMissing) {
  Result<Table> t = ParseCsv("a,b,y\n1.5,inf,0\n2,-Infinity,1\n1,2,0\n", "t.csv");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(Dump(*t), "a:numeric=1.5|2|1\nb:numeric=NA|NA|2\ny:numeric=0|1|0\n");
  EXPECT_EQ(t->columns[1].missing, 2);
}

}  // namespace csv_decimal_test
}  // namespace optiscope
