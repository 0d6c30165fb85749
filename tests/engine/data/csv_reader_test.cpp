// The CSV reader against a corpus of edge cases (tests/fixtures/csv) and inline texts: each case
// asserts the exact parsed table or the exact "source:line:column: reason" message.
#include "engine/data/csv_reader.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/engine/data/csv_test_util.h"

namespace optiscope {
namespace csv_reader_test {

using testing_csv::Dump;

const std::string kDir = std::string(OPTISCOPE_FIXTURES_DIR) + "/csv/";

std::string DumpFile(const std::string& name, const CsvOptions& options = {}) {
  Result<Table> t = ReadCsvFile(kDir + name, options);
  if (!t.ok()) return "ERROR " + t.status().message();
  return Dump(*t);
}

// The error message of a fixture without its directory prefix.
std::string FileError(const std::string& name) {
  Result<Table> t = ReadCsvFile(kDir + name);
  if (t.ok()) return "parsed OK:\n" + Dump(*t);
  EXPECT_EQ(t.status().code(), StatusCode::kParseError);
  std::string m = t.status().message();
  return m.rfind(kDir, 0) == 0 ? m.substr(kDir.size()) : m;
}

std::string DumpText(std::string_view text, const CsvOptions& options = {}) {
  Result<Table> t = ParseCsv(text, "t.csv", options);
  if (!t.ok()) return "ERROR " + t.status().message();
  return Dump(*t);
}

TEST(CsvReaderTest, Rfc4180QuotingCrlfAndNoFinalNewline) {
  EXPECT_EQ(DumpFile("rfc4180.csv"),
            "id:numeric=1|2|3|4\n"
            "name:categorical{Smith, John,Ann,Bob,Eve}=Smith, John|Ann|Bob|Eve\n"
            "comment:categorical{He said \"hi\",two\r\nlines,plain}=He said \"hi\"|two\r\nlines|NA|"
            "plain\n"
            "score:numeric=3.5|4|NA|7\n");
}

TEST(CsvReaderTest, BomSemicolonDetection) {
  Result<Table> t = ReadCsvFile(kDir + "bom_semicolon.csv");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->delimiter, ';');
  EXPECT_TRUE(t->had_header);
  EXPECT_EQ(Dump(*t),
            "city:categorical{Paris,Oslo,Lyon}=Paris|Oslo|Lyon\n"
            "temp:numeric=12.5|-3|7\n"
            "rain:categorical{yes,no}=yes|no|NA\n");
}

TEST(CsvReaderTest, MissingValueMarkers) {
  Result<Table> t = ReadCsvFile(kDir + "missing.csv");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(Dump(*t),
            "a:numeric=1|NA|3|NA|5\n"
            "b:numeric=NA|2|NA|4|NA\n"
            "c:categorical{x,y}=x|NA|y|NA|x\n");
  EXPECT_EQ(t->columns[0].missing, 2);
  EXPECT_EQ(t->columns[1].missing, 3);
  EXPECT_EQ(t->columns[2].missing, 2);
}

TEST(CsvReaderTest, TabsWithoutHeader) {
  Result<Table> t = ReadCsvFile(kDir + "no_header.tsv");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->delimiter, '\t');
  EXPECT_FALSE(t->had_header);
  EXPECT_EQ(Dump(*t),
            "col_1:numeric=1.5|3|-0.25\n"
            "col_2:numeric=2|400|0.5\n"
            "col_3:categorical{red,blue}=red|blue|red\n");
}

TEST(CsvReaderTest, ColumnTurnsCategoricalLate) {
  EXPECT_EQ(DumpFile("categorical_late.csv"),
            "code:categorical{1,2,A7}=1|2|A7|2\n"
            "value:numeric=10|20|30|40\n");
}

TEST(CsvReaderTest, Utf8LabelsAndBlankLines) {
  EXPECT_EQ(DumpFile("utf8_labels.csv"),
            "x:numeric=1|3|5\ny:numeric=2|4|6\nlabel:categorical{caf\u00e9,\u65e5\u672c}=caf\u00e9|"
            "\u65e5\u672c|caf\u00e9\n");
  EXPECT_EQ(DumpFile("blank_lines.csv"), "a:numeric=1|3\nb:numeric=2|4\n");
  EXPECT_EQ(DumpFile("header_only.csv"), "x:numeric=\ny:numeric=\nz:numeric=\n");
}

TEST(CsvReaderTest, MalformedFilesGivePositions) {
  EXPECT_EQ(FileError("bad_unterminated.csv"),
            "bad_unterminated.csv:3:3: unterminated quoted field: this quote is never closed");
  EXPECT_EQ(FileError("bad_too_many.csv"),
            "bad_too_many.csv:3:7: too many fields: expected 3, found 4");
  EXPECT_EQ(FileError("bad_too_few.csv"),
            "bad_too_few.csv:3:4: too few fields: expected 3, found 2");
  EXPECT_EQ(FileError("bad_stray_quote.csv"),
            "bad_stray_quote.csv:2:5: quote inside an unquoted field (enclose the field in quotes "
            "and double the quote)");
  EXPECT_EQ(FileError("bad_after_quote.csv"),
            "bad_after_quote.csv:2:4: unexpected character after a closing quote (a quote inside a "
            "quoted field must be doubled)");
  EXPECT_EQ(FileError("bad_multiline_fields.csv"),
            "bad_multiline_fields.csv:4:11: too many fields: expected 3, found 4");
  EXPECT_EQ(FileError("bad_utf8_column.csv"),
            "bad_utf8_column.csv:2:5: quote inside an unquoted field (enclose the field in quotes "
            "and double the quote)");
  EXPECT_EQ(FileError("empty.csv"), "empty.csv:1:1: empty file: no rows");
  EXPECT_EQ(FileError("only_blank.csv"), "only_blank.csv:1:1: empty file: no rows");
}

TEST(CsvReaderTest, FileErrors) {
  Result<Table> t = ReadCsvFile(kDir + "does_not_exist.csv");
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(t.status().message(), kDir + "does_not_exist.csv: no such file");
  EXPECT_EQ(ReadCsvFile(kDir).status().code(), StatusCode::kIoError);
}

TEST(CsvReaderTest, InlineEdgeCases) {
  // Spaces around unquoted fields and around quotes are trimmed; inside quotes they are kept.
  EXPECT_EQ(DumpText("a,b\n 1 , \" x \" \n2,y\n"), "a:numeric=1|2\nb:categorical{ x ,y}= x |y\n");
  // Quoted numbers are numbers; quoted NA markers are missing.
  EXPECT_EQ(DumpText("a,b\n\"1.5\",\"NA\"\n\"-2\",3\n"), "a:numeric=1.5|-2\nb:numeric=NA|3\n");
  // A lone CR ends a line; a leading '+' and exponents parse.
  EXPECT_EQ(DumpText("a,b\r+1,2e3\r.5,-7.\r"), "a:numeric=1|0.5\nb:numeric=2000|-7\n");
  // Not numbers: hex, trailing garbage. Words for infinity are missing (csv_decimal_test).
  EXPECT_EQ(DumpText("a,b\n1,inf\n2,0x10\n3,1.5e\n"),
            "a:numeric=1|2|3\nb:categorical{0x10,1.5e}=NA|0x10|1.5e\n");
  // Single column, empty trailing fields.
  EXPECT_EQ(DumpText("v\n1\n2\n"), "v:numeric=1|2\n");
  EXPECT_EQ(DumpText("a,b,c\n1,,\n"), "a:numeric=1\nb:numeric=NA\nc:numeric=NA\n");
  // Duplicate and empty header names become unique.
  EXPECT_EQ(DumpText(",a,a\n1,2,3\n"), "col_1:numeric=1\na:numeric=2\na.1:numeric=3\n");
}

TEST(CsvReaderTest, HeaderDetection) {
  // All-text file: header when the first row's values do not reappear below.
  EXPECT_EQ(DumpText("color,size\nred,big\nblue,small\n"),
            "color:categorical{red,blue}=red|blue\nsize:categorical{big,small}=big|small\n");
  EXPECT_EQ(DumpText("red,big\nblue,small\nred,big\n"),
            "col_1:categorical{red,blue}=red|blue|red\n"
            "col_2:categorical{big,small}=big|small|big\n");
  // A text cell above a numeric column: both make a categorical column without header.
  EXPECT_EQ(DumpText("1,x\n2,3\n"), "col_1:numeric=1|2\ncol_2:categorical{x,3}=x|3\n");
  CsvOptions no_header;
  no_header.header = 0;
  EXPECT_EQ(DumpText("a,b\n1,2\n", no_header),
            "col_1:categorical{a,1}=a|1\ncol_2:categorical{b,2}=b|2\n");
  CsvOptions header;
  header.header = 1;
  EXPECT_EQ(DumpText("1,2\n3,4\n", header), "1:numeric=3\n2:numeric=4\n");
  CsvOptions semicolon;
  semicolon.delimiter = ';';
  // With ';' as the delimiter, "1,5" is a decimal comma (csv_decimal_test).
  EXPECT_EQ(DumpText("a,b;c\n1,5;2\n", semicolon), "a,b:numeric=1.5\nc:numeric=2\n");
}

TEST(CsvReaderTest, DelimiterDetectionIsQuoteAware) {
  // Commas inside quotes must not make ',' win over ';'.
  Result<Table> t = ParseCsv("name;note\n\"a,b,c\";1\n\"d,e,f\";2\n", "t.csv");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->delimiter, ';');
  EXPECT_EQ(Dump(*t), "name:categorical{a,b,c,d,e,f}=a,b,c|d,e,f\nnote:numeric=1|2\n");
}

TEST(CsvReaderTest, InlineErrorPositions) {
  EXPECT_EQ(DumpText("a,b\n1,\"x\ny\"z\n"),
            "ERROR t.csv:3:3: unexpected character after a closing quote (a quote inside a quoted "
            "field must be doubled)");
  EXPECT_EQ(DumpText("a,b\n1,2,\n"), "ERROR t.csv:2:5: too many fields: expected 2, found 3");
  EXPECT_EQ(DumpText("a,b\n1\n"), "ERROR t.csv:2:2: too few fields: expected 2, found 1");
  EXPECT_EQ(DumpText("\xEF\xBB\xBF\"a"),
            "ERROR t.csv:1:1: unterminated quoted field: this quote is never closed");
  EXPECT_EQ(DumpText("a,b,c\n1,2,3,\"x\n"), "ERROR t.csv:2:7: too many fields: expected 3");
  EXPECT_EQ(ParseCsv("", "t.csv").status().code(), StatusCode::kParseError);
}

}  // namespace csv_reader_test
}  // namespace optiscope
