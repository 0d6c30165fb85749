// Steering records written from outside a study's workers (CLI study pause|resume|stop|set, the
// desktop attached to a study): the state record, settings checked against the stored spec before
// anything is written, and clear errors for an unknown study or a malformed setting.
#include <gtest/gtest.h>

#include "engine/search/storage.h"
#include "engine/search/study_steering.h"

namespace optiscope {
namespace study_steering_test {

constexpr const char* kSteeringSpec =
    R"({"name": "s", "sampler": {"type": "random", "seed": 1}, "n_trials": 5,
        "objective": {"function": "branin"}})";

std::string SteeringRecord(StudyStore& store, const std::string& key) {
  auto control = store.GetControl("s");
  EXPECT_TRUE(control.ok());
  const auto it = control->values.find(key);
  return it == control->values.end() ? std::string() : it->second;
}

TEST(StudySteering, StateRecordsAreTheOnesWorkersRead) {
  auto store = MakeMemoryStudyStore();
  ASSERT_TRUE(store->CreateOrOpenStudy("s", kSteeringSpec, {Direction::kMinimize}).ok());
  ASSERT_TRUE(SetStudyRunState(*store, "s", StudyRunState::kPaused).ok());
  EXPECT_EQ(SteeringRecord(*store, "state"), "paused");
  ASSERT_TRUE(SetStudyRunState(*store, "s", StudyRunState::kStopped).ok());
  EXPECT_EQ(SteeringRecord(*store, "state"), "stopped");
  ASSERT_TRUE(SetStudyRunState(*store, "s", StudyRunState::kRunning).ok());
  EXPECT_EQ(SteeringRecord(*store, "state"), "running");
  EXPECT_EQ(SetStudyRunState(*store, "nope", StudyRunState::kPaused).code(), StatusCode::kNotFound);
}

TEST(StudySteering, AConditionalSpaceKeepsItsParentFirst) {
  // "opt" sorts after "momentum": a record re-sorted by key would put the child first.
  auto store = MakeMemoryStudyStore();
  ASSERT_TRUE(store->CreateOrOpenStudy("s", kSteeringSpec, {Direction::kMinimize}).ok());
  StudySettingsUpdate update;
  update.space_json = R"({"x": {"type": "float", "low": -1, "high": 1},
                          "y": {"type": "float", "low": 0, "high": 2},
                          "opt": {"type": "categorical", "choices": ["sgd", "adam"]},
                          "momentum": {"type": "float", "low": 0, "high": 1,
                                       "condition": {"opt": "sgd"}}})";
  const Status s = SetStudySettings(*store, "s", update);
  ASSERT_TRUE(s.ok()) << s.message();
  const std::string space = SteeringRecord(*store, "space");
  EXPECT_LT(space.find("\"opt\""), space.find("\"momentum\""));
}

TEST(StudySteering, SettingsAreCheckedAgainstTheStoredSpecFirst) {
  auto store = MakeMemoryStudyStore();
  ASSERT_TRUE(store->CreateOrOpenStudy("s", kSteeringSpec, {Direction::kMinimize}).ok());
  StudySettingsUpdate update;
  update.space_json = R"({"x": {"type": "float", "low": -1, "high": 1},
                          "y": {"type": "float", "low": 0, "high": 2}})";
  update.sampler_json = R"({"type": "tpe"})";
  ASSERT_TRUE(SetStudySettings(*store, "s", update).ok());
  EXPECT_NE(SteeringRecord(*store, "space").find("\"low\":-1"), std::string::npos);
  EXPECT_EQ(SteeringRecord(*store, "sampler"), R"({"type":"tpe"})");
  EXPECT_EQ(SteeringRecord(*store, "pruner"), "");

  // An unknown sampler fails the spec check: nothing of the update is written.
  StudySettingsUpdate bad;
  bad.space_json = R"({"z": {"type": "float", "low": 0, "high": 1}})";
  bad.sampler_json = R"({"type": "no-such-sampler"})";
  EXPECT_FALSE(SetStudySettings(*store, "s", bad).ok());
  EXPECT_EQ(SteeringRecord(*store, "space").find("\"z\""), std::string::npos);

  EXPECT_EQ(SetStudySettings(*store, "s", {}).code(), StatusCode::kInvalidArgument);
  StudySettingsUpdate untyped;
  untyped.pruner_json = R"({"n_startup_trials": 3})";
  EXPECT_EQ(SetStudySettings(*store, "s", untyped).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(SetStudySettings(*store, "nope", update).code(), StatusCode::kNotFound);
}

}  // namespace study_steering_test
}  // namespace optiscope
