// CommandObjective: placeholders, parameters on stdin, the last stdout line as the value, and
// every failure (exit status, unparsable output, missing program, stop) as a reason.
#include "engine/search/objective_command.h"

#include <gtest/gtest.h>

#include "tests/engine/search/study_test_util.h"

namespace optiscope {
namespace objective_command_test {

using study_testing::FakeContext;

const std::vector<TrialParam> kParams = {{"lr", 0.25, ""}, {"width", 64, ""}, {"opt", 1, "adam"}};

Result<std::vector<double>> RunShell(const std::string& script, int num_values = 1,
                                     FakeContext* context = nullptr) {
  CommandObjectiveOptions options;
  options.argv = {"/bin/sh", "-c", script};
  options.num_values = num_values;
  CommandObjective objective(options);
  FakeContext local;
  TrialRequest request;
  request.params = kParams;
  return objective.Evaluate(request, context ? *context : local);
}

TEST(CommandObjectiveTest, SubstitutesPlaceholders) {
  EXPECT_EQ(SubstitutePlaceholders("--lr={lr} --w {width} {opt} {{x}} {gone}", kParams),
            "--lr=0.25 --w 64 adam {x} ");
  EXPECT_EQ(ParamsAsJson(kParams), R"({"lr":0.25,"width":64,"opt":"adam"})");
}

TEST(CommandObjectiveTest, ParsesValueLines) {
  EXPECT_EQ(*ParseValuesLine("0.5", 1), std::vector<double>{0.5});
  EXPECT_EQ(*ParseValuesLine(" 1e-3, 12 ", 2), (std::vector<double>{1e-3, 12}));
  EXPECT_EQ(*ParseValuesLine("[1, 2]", 2), (std::vector<double>{1, 2}));
  EXPECT_FALSE(ParseValuesLine("loss=0.5", 1).ok());
  EXPECT_FALSE(ParseValuesLine("1 2", 1).ok());
}

TEST(CommandObjectiveTest, LastLineIsTheValueAndParamsArriveOnStdin) {
  // The script echoes a progress line, then the value: width from argv times lr from stdin JSON.
  auto r = RunShell(
      "read line; echo progress; "
      "echo \"$line\" | awk -F'\"lr\":' '{{split($2, a, \",\"); print a[1] * {width}}}'");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_DOUBLE_EQ((*r)[0], 16.0);
}

TEST(CommandObjectiveTest, TwoValuesForTwoObjectives) {
  auto r = RunShell("echo 0.5 {width}", 2);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, (std::vector<double>{0.5, 64}));
}

TEST(CommandObjectiveTest, FailuresCarryAReason) {
  auto exit2 = RunShell("echo oops >&2; exit 2");
  ASSERT_FALSE(exit2.ok());
  EXPECT_EQ(exit2.status().message(), "command exited with status 2 (stderr: oops)");
  auto garbage = RunShell("echo 1; echo not-a-number");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.status().message().find("not a number: \"not-a-number\""), std::string::npos);
  auto silent = RunShell("true");
  ASSERT_FALSE(silent.ok());
  EXPECT_NE(silent.status().message().find("printed nothing"), std::string::npos);

  CommandObjectiveOptions options;
  options.argv = {"/nonexistent/program"};
  CommandObjective missing(options);
  FakeContext context;
  auto r = missing.Evaluate(TrialRequest{}, context);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("cannot run '/nonexistent/program'"), std::string::npos);
}

TEST(CommandObjectiveTest, StopKillsTheCommand) {
  FakeContext context;
  context.source.request_stop();
  auto r = RunShell("sleep 30; echo 1", 1, &context);  // would take 30 s if not killed
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCancelled);
}

}  // namespace objective_command_test
}  // namespace optiscope
