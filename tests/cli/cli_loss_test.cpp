// optiscope-cli train with --loss / --loss-expr: a custom expression trains end to end, a bad
// one exits 1 with the column and caret, a misfitting loss names the field, and the example
// resources/examples/custom_loss.json runs.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/cli/cli_runner.h"

namespace optiscope {
namespace cli_loss_test {

using nlohmann::json;
using testing_cli::CliResult;
using testing_cli::RunCli;

json LastLine(const std::string& out) {
  std::istringstream in(out);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return json::parse(last, nullptr, false);
}

TEST(CliLossTest, CustomExpressionTrainsDiabetes) {
  const CliResult r =
      RunCli({"train", "--dataset", "diabetes", "--model", "mlp", "--hidden", "16", "--activation",
              "gelu", "--loss-expr", "abs(p - y)^1.5 + 0.1*(p - y)^2", "--epochs", "4", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json last = LastLine(r.out);
  ASSERT_TRUE(last.is_object()) << r.out;
  EXPECT_EQ(last["status"], "ok") << last.dump();
  EXPECT_TRUE(last["test"]["rmse"].is_number()) << last.dump();
}

TEST(CliLossTest, BadExpressionNamesTheColumn) {
  const CliResult r =
      RunCli({"train", "--dataset", "diabetes", "--loss-expr", "abs(p - y", "--epochs", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err,
            "invalid configuration: loss.expression: expected ')' at column 10 ('abs' takes 1 "
            "argument) in: abs(p - y\n");
}

TEST(CliLossTest, LossThatDoesNotFitTheTaskIsAClearError) {
  const CliResult r = RunCli({"train", "--dataset", "iris", "--loss", "huber", "--epochs", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("loss.type: huber needs a regression target"), std::string::npos) << r.err;
}

TEST(CliLossTest, FocalWithBalancedWeightsTrainsIris) {
  const CliResult r = RunCli({"train", "--dataset", "iris", "--model", "logistic", "--loss",
                              "focal", "--epochs", "3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(LastLine(r.out)["status"], "ok");
}

TEST(CliLossTest, CustomLossExampleRuns) {
  const CliResult r =
      RunCli({"train", "--config",
              std::string(OPTISCOPE_SOURCE_DIR) + "/resources/examples/custom_loss.json",
              "--epochs", "3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(LastLine(r.out)["status"], "ok");
}

}  // namespace cli_loss_test
}  // namespace optiscope
