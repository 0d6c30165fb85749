// End to end, the issue 13 cases that used to crash, hang or mislead: each now ends with exit
// status 1 and one line on stderr saying why, or with a correct result.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace cli_hostile_test {

using testing_cli::CliResult;
using testing_cli::RunCli;

std::string TempFile(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

int Lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

void ExpectOneLineError(const CliResult& r, const std::string& part) {
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
}

TEST(CliHostile, HugeHiddenLayersAreRefusedNotCrashed) {
  // A segfault and an uncaught bad_alloc before.
  ExpectOneLineError(RunCli({"train", "--dataset", "iris", "--hidden", "1073741824"}),
                     "parameters; at most 2147483647 are supported");
  ExpectOneLineError(RunCli({"train", "--dataset", "iris", "--hidden", "100000,100000"}),
                     "parameters; at most");
  const std::string config =
      TempFile("hostile_hidden.json", R"({"data": {"source": "iris"},
        "model": {"hidden": [65536, 65536]}})");
  ExpectOneLineError(RunCli({"train", "--config", config}), "parameters; at most");
}

TEST(CliHostile, DeepDocumentsAreRefusedNotCrashed) {
  const std::string config = TempFile("hostile_deep.json", "{\"data\": " + std::string(100000, '['));
  ExpectOneLineError(RunCli({"train", "--config", config}),
                     "hostile_deep.json:1:137: JSON nests deeper than 128 levels (the limit)");
  const std::string spec = TempFile("hostile_deep_spec.json", "{\"space\": " + std::string(100000, '{'));
  ExpectOneLineError(RunCli({"study", "run", spec, "--storage", "memory"}),
                     "JSON nests deeper than 128 levels (the limit)");
}

TEST(CliHostile, BinaryDataIsNamedAsSuch) {
  const std::string bin = TempFile("hostile_bin.csv", std::string("PK\x03\x04\0\0\x14\0data", 12));
  ExpectOneLineError(RunCli({"inspect", bin}), "not a text CSV (NUL bytes)");
}

TEST(CliHostile, InvalidUtf8FromACommandKeepsJsonOutputAlive) {
  // std::terminate on a worker thread before: the JSON writer threw on the trial's reason.
  const std::string spec = TempFile("hostile_utf8_spec.json", R"({"n_trials": 2,
    "space": {"x": {"type": "float", "low": 0, "high": 1}},
    "objective": {"command": ["sh", "-c", "printf 'caf\\351\\n' >&2; exit 1"]}})");
  const CliResult r = RunCli({"study", "run", spec, "--storage", "memory", "--json"});
  EXPECT_NE(r.exit_code, 134) << r.err;  // not aborted
  EXPECT_NE(r.out.find("\"study_finished\""), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("caf\xEF\xBF\xBD"), std::string::npos) << r.out;
}

TEST(CliHostile, SelectVarianceRanksTheUnscaledVariances) {
  const CliResult r = RunCli({"select", "--dataset", "iris", "--method", "variance", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const size_t end = r.out.find_last_not_of('\n');
  const size_t begin = r.out.rfind('\n', end);
  const nlohmann::json j = nlohmann::json::parse(r.out.substr(begin + 1));
  ASSERT_EQ(j["features"].size(), 4u);
  // numpy: iris.data.var(axis=0) = [0.681122, 0.188713, 3.095503, 0.577133]; every score was 1.
  EXPECT_EQ(j["features"][0]["feature"], "petal_length");
  EXPECT_NEAR(j["features"][0]["score"].get<double>(), 3.095503, 1e-5);
  EXPECT_EQ(j["features"][3]["feature"], "sepal_width");
  EXPECT_NEAR(j["features"][3]["score"].get<double>(), 0.188713, 1e-5);
}

TEST(CliHostile, ProjectOutAndStudyExportReportWriteErrors) {
  const std::string nowhere = ::testing::TempDir() + "/no_such_dir_hostile/out.csv";
  ExpectOneLineError(RunCli({"project", "--dataset", "iris", "--out", nowhere}),
                     "cannot write " + nowhere);
}

}  // namespace cli_hostile_test
}  // namespace optiscope
