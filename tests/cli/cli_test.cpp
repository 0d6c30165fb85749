// optiscope-cli end to end, without training: help, version, usage errors, datasets, inspect.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace cli_test {

using testing_cli::CliResult;
using testing_cli::RunCli;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::path(::testing::TempDir()) / "cli_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(CliTest, HelpAndVersionExitZero) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"help"},
                                                                {"--help"},
                                                                {"-h"},
                                                                {"help", "train"},
                                                                {"train", "--help"},
                                                                {"inspect", "-h"}}) {
    const CliResult r = RunCli(args);
    EXPECT_EQ(r.exit_code, 0) << args[0];
    EXPECT_NE(r.out.find("Usage: optiscope-cli"), std::string::npos) << r.out;
    EXPECT_EQ(r.err, "");
  }
  const CliResult train_help = RunCli({"help", "train"});
  EXPECT_NE(train_help.out.find("--config FILE"), std::string::npos);
  EXPECT_NE(train_help.out.find("--lr X"), std::string::npos);

  const CliResult version = RunCli({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("optiscope-cli ", 0), 0u) << version.out;
}

TEST_F(CliTest, UsageErrorsExitTwoWithAOneLineHint) {
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const std::vector<Case> cases = {
      {{},
       "optiscope-cli: missing command (datasets, inspect, models, train, evaluate, race, study, project, select, compress); see 'optiscope-cli help'\n"},
      {{"trian"},
       "optiscope-cli: unknown command 'trian' (did you mean 'train'?); see "
       "'optiscope-cli help'\n"},
      {{"--verbose"}, "optiscope-cli: unknown option '--verbose'; see 'optiscope-cli help'\n"},
      {{"train", "--lrr", "0.1"},
       "optiscope-cli: unknown option '--lrr' (did you mean '--lr'?); "
       "see 'optiscope-cli help train'\n"},
      {{"train", "--epochs", "ten"},
       "optiscope-cli: option '--epochs' expects an integer, got "
       "'ten'; see 'optiscope-cli help train'\n"},
      {{"train", "--lr"},
       "optiscope-cli: option '--lr' needs a value (X); see 'optiscope-cli "
       "help train'\n"},
      {{"train", "--json=yes"},
       "optiscope-cli: option '--json' takes no value; see "
       "'optiscope-cli help train'\n"},
      {{"train", "--config", "a.json", "--demo"},
       "optiscope-cli: --config and --demo exclude each other; see 'optiscope-cli help train'\n"},
      {{"train", "run.json"},
       "optiscope-cli: unexpected argument 'run.json' (use --config FILE or "
       "--dataset NAME|PATH); see 'optiscope-cli help train'\n"},
      {{"inspect"}, "optiscope-cli: missing FILE; see 'optiscope-cli help inspect'\n"},
      {{"datasets", "iris"},
       "optiscope-cli: 'datasets' takes no arguments, got 'iris'; see "
       "'optiscope-cli help datasets'\n"},
      {{"help", "fly"}, "optiscope-cli: no command named 'fly'; see 'optiscope-cli help'\n"},
  };
  for (const Case& c : cases) {
    const CliResult r = RunCli(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.err;
    EXPECT_EQ(r.err, c.err);
    EXPECT_EQ(r.out, "");
  }
}

TEST_F(CliTest, DatasetsListsTheFiveBuiltinsAndTheGenerators) {
  const CliResult r = RunCli({"datasets"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_GE(lines.size(), 7u);
  EXPECT_EQ(Words(lines[0]), (std::vector<std::string>{"name", "rows", "features", "task"}));
  const std::vector<std::vector<std::string>> expected = {
      {"breast_cancer", "569", "30", "classification", "(2", "classes)"},
      {"diabetes", "442", "10", "regression"},
      {"digits", "1797", "64", "classification", "(10", "classes)"},
      {"iris", "150", "4", "classification", "(3", "classes)"},
      {"wine", "178", "13", "classification", "(3", "classes)"},
  };
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(Words(lines[i + 1]), expected[i]);
  EXPECT_EQ(lines[6], "");  // the built-in table ends; the generators follow
  // Aligned columns: every row of the table has its "rows" column ending at the same place.
  const size_t end = lines[0].find("rows") + 4;
  for (size_t i = 1; i <= 5; ++i) EXPECT_EQ(lines[i].find_first_of(' ', end - 1), end) << lines[i];
  for (const char* kind : {"moons", "circles", "spirals", "blobs", "xor", "linear"}) {
    EXPECT_NE(r.out.find(std::string("\n") + kind + " "), std::string::npos) << kind;
  }
}

TEST_F(CliTest, InspectShowsTheInferredSchemaAndTask) {
  const std::string path = Write("good.csv", "a,b,label\n1,2.5,x\n3,,y\n5,6,x\n");
  const CliResult r = RunCli({"inspect", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_GE(lines.size(), 13u) << r.out;
  EXPECT_EQ(Words(lines[0]), (std::vector<std::string>{"file", path}));
  EXPECT_EQ(Words(lines[1]), (std::vector<std::string>{"rows", "3"}));
  EXPECT_EQ(lines[2], "columns  3 (delimiter ',', header yes)");
  EXPECT_EQ(Words(lines[4]),
            (std::vector<std::string>{"#", "column", "type", "missing", "values"}));
  EXPECT_EQ(Words(lines[5]), (std::vector<std::string>{"1", "a", "numeric", "0", "1", "..", "5"}));
  EXPECT_EQ(Words(lines[6]),
            (std::vector<std::string>{"2", "b", "numeric", "1", "2.5", "..", "6"}));
  EXPECT_EQ(Words(lines[7]), (std::vector<std::string>{"3", "label", "categorical", "0", "2",
                                                       "categories:", "x,", "y"}));
  EXPECT_EQ(lines[10], "task         classification, 2 classes: x, y");

  const CliResult numeric_target = RunCli({"inspect", path, "--target", "b"});
  ASSERT_EQ(numeric_target.exit_code, 0) << numeric_target.err;
  EXPECT_NE(numeric_target.out.find("\ntask         regression\n"), std::string::npos)
      << numeric_target.out;
  EXPECT_NE(numeric_target.out.find("\nusable rows  2 "), std::string::npos) << numeric_target.out;
}

TEST_F(CliTest, InspectAcceptsABuiltinName) {
  const CliResult r = RunCli({"inspect", "iris"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("file     iris (built-in)\nrows     150\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("task         classification, 3 classes: setosa, versicolor, virginica\n"),
            std::string::npos)
      << r.out;
}

TEST_F(CliTest, InspectMalformedFileExitsOneWithFileLineColumn) {
  const std::string unterminated = Write("bad.csv", "a,b,label\n1,2.5,x\n3,\"4,y\n5,6,x\n");
  CliResult r = RunCli({"inspect", unterminated});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, unterminated + ":3:3: unterminated quoted field: this quote is never closed\n");

  const std::string ragged = Write("ragged.csv", "a,b,label\n1,2.5,x\n3,4,y,9\n");
  r = RunCli({"inspect", ragged});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, ragged + ":3:7: too many fields: expected 3, found 4\n");

  r = RunCli({"inspect", (dir_ / "missing.csv").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind((dir_ / "missing.csv").string() + ":", 0), 0u) << r.err;
  EXPECT_EQ(Lines(r.err).size(), 1u) << r.err;
}

TEST_F(CliTest, InspectUnknownTargetSuggestsAColumn) {
  const std::string path = Write("good.csv", "a,b,label\n1,2.5,x\n3,,y\n5,6,x\n");
  const CliResult r = RunCli({"inspect", path, "--target", "lable"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, path + ": no column named 'lable' (did you mean 'label'?)\n");
}

}  // namespace cli_test
}  // namespace optiscope
