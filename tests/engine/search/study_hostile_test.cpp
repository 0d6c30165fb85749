// Study specs and command objectives from someone else (issue 13): sizes, depths and timeouts a
// spec may not ask for, and command objectives that cannot outlive their deadline or Stop.
#include <gtest/gtest.h>

#include <string>

#include "engine/core/utf8.h"
#include "engine/search/grid_sampler.h"
#include "engine/search/objective_command.h"
#include "engine/search/study_spec.h"
#include "tests/engine/search/study_test_util.h"

namespace optiscope {
namespace study_hostile_test {

using study_testing::FakeContext;

std::string ErrorOf(const std::string& json) {
  auto spec = ParseStudySpec(json, "spec.json");
  return spec.ok() ? "OK" : spec.status().message();
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(StudyHostileTest, DeepNestingIsRefusedWithTheLimit) {
  const std::string deep = "{\"name\": " + std::string(100000, '[');  // segfaulted before
  const std::string e = ErrorOf(deep);
  EXPECT_EQ(e, "spec.json:1:137: JSON nests deeper than 128 levels (the limit)");
}

TEST(StudyHostileTest, SizesAndTimeoutsAreBounded) {
  EXPECT_TRUE(Contains(
      ErrorOf(R"({"n_trials": 3, "objective": {"function": "rosenbrock", "dims": 2000000000}})"),
      "dims in 1..1000, got 2000000000"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"n_trials": 3, "timeout_s": 1e10,
      "objective": {"function": "branin"}})"), "timeout_s: must be in 0..100000000 seconds"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"n_trials": 3, "trial_timeout_s": -1,
      "objective": {"function": "branin"}})"), "trial_timeout_s: must be in 0..100000000"));
  EXPECT_TRUE(Contains(ErrorOf(R"({"n_trials": 3, "space": {"x": {"type": "float", "low": 0,
      "high": 1}}, "objective": {"command": ["echo", "1"], "timeout_s": 1e10}})"),
                       "objective.timeout_s: must be in 0..100000000"));
  // A compress objective with no metrics read directions[0] of an empty list.
  EXPECT_TRUE(Contains(ErrorOf(R"({"n_trials": 3,
      "objective": {"compress": {"model": "m.osm"}, "metrics": []}})"),
                       "objective.metrics: expected a non-empty array"));
}

TEST(StudyHostileTest, AGridTooLargeToBuildIsRefused) {
  std::string space;
  for (int i = 0; i < 12; ++i) {
    space += (i ? ", " : "") + ("\"p" + std::to_string(i)) +
             "\": {\"type\": \"float\", \"low\": 0, \"high\": 1}";
  }
  const std::string e = ErrorOf(R"({"n_trials": 3, "sampler": "grid", "space": {)" + space +
                                R"(}, "objective": {"command": ["echo", "1"]}})");
  EXPECT_TRUE(Contains(e, "sampler: the grid has more than 100000 points (12 parameters)")) << e;
  // 5^6 = 15625 points: accepted, and built once for both Sample and Exhausted.
  SearchSpace small;
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(small.Add(FloatParam("p" + std::to_string(i), 0, 1)).ok());
  GridSampler grid;
  EXPECT_TRUE(grid.CheckSize(small).ok());
  Rng rng(1);
  const ParamSet first = grid.Sample(small, {}, Direction::kMinimize, rng);
  EXPECT_EQ(first.size(), 6u);
  EXPECT_FALSE(grid.Exhausted(small, {}));
}

Result<std::vector<double>> RunShell(const std::string& script, double timeout_s,
                                     FakeContext* context = nullptr) {
  CommandObjectiveOptions options;
  options.argv = {"/bin/sh", "-c", script};
  options.timeout_s = timeout_s;
  CommandObjective objective(options);
  FakeContext local;
  return objective.Evaluate(TrialRequest{}, context ? *context : local);
}

// These commands would keep a trial (and the test) waiting for 3000 s before the fix.
TEST(CommandHostileTest, ClosedPipesDoNotDefeatTheTimeout) {
  auto r = RunShell("exec >&- 2>&-; sleep 3000", 0.3);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "timeout: the command ran longer than 0.3 s and was killed");
}

TEST(CommandHostileTest, ClosedPipesDoNotDefeatStop) {
  FakeContext context;
  context.source.request_stop();
  auto r = RunShell("exec >&- 2>&-; sleep 3000", 0, &context);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCancelled);
}

TEST(CommandHostileTest, ABackgroundChildHoldingThePipesIsKilledWhenTheCommandExits) {
  auto r = RunShell("echo 0.5; sleep 3000 &", 0);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, std::vector<double>{0.5});
}

TEST(CommandHostileTest, InvalidUtf8OnStderrIsRepaired) {
  auto r = RunShell("printf 'bad \\377\\376 bytes\\n' >&2; exit 3", 0);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(IsValidUtf8(r.status().message()));
  EXPECT_EQ(r.status().message(),
            "command exited with status 3 (stderr: bad \xEF\xBF\xBD\xEF\xBF\xBD bytes)");
}

TEST(CommandHostileTest, TheSpecTimeoutAppliesWithoutAStudy) {
  // study reevaluate runs the objective MakeStudyObjective builds, with no Study around it.
  auto spec = ParseStudySpec(R"({"n_trials": 1, "space": {"x": {"type": "float", "low": 0,
      "high": 1}}, "objective": {"command": ["sleep", "3000"], "timeout_s": 0.2}})",
                             "spec.json");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  auto objective = MakeStudyObjective(*spec, /*standalone=*/true);
  ASSERT_TRUE(objective.ok());
  FakeContext context;
  auto r = (*objective)->Evaluate(TrialRequest{}, context);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(Contains(r.status().message(), "timeout")) << r.status().message();
}

}  // namespace study_hostile_test
}  // namespace optiscope
