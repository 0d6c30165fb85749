// Crash recovery: a child process running a study on SQLite is killed with SIGKILL mid-study; no
// completed trial is lost, its running trial is marked failed, and running again resumes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "engine/search/storage.h"
#include "engine/search/study.h"
#include "tests/engine/search/study_test_util.h"

namespace optiscope {
namespace study_recovery_test {

StudySpec Spec(int n_trials) {
  auto spec = ParseStudySpec(R"({"name": "crash", "sampler": {"type": "random", "seed": 2},
      "n_trials": )" + std::to_string(n_trials) + R"(, "objective": {"function": "branin"}})");
  EXPECT_TRUE(spec.ok()) << spec.status().message();
  return *spec;
}

int CountComplete(const std::vector<TrialRecord>& trials) {
  int n = 0;
  for (const TrialRecord& t : trials) n += t.state == TrialState::kComplete;
  return n;
}

TEST(StudyRecoveryTest, KilledProcessLosesNoCompletedTrialAndResumes) {
  study_testing::TempDir dir;
  const std::string path = dir.File("studies.db");
  ASSERT_TRUE(OpenSqliteStudyStore(path).ok());  // create the file before forking

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child: a study far longer than the test waits; it is killed mid-way.
    auto store = OpenSqliteStudyStore(path);
    if (!store.ok()) ::_exit(2);
    StudySpec spec = Spec(1000000);
    std::shared_ptr<StudyObjective> objective = MakeStudyObjective(spec).value();
    NullEventSink sink;
    auto study = Study::Open(spec, **store, objective, sink);
    if (!study.ok()) ::_exit(3);
    (void)(*study)->Run();
    ::_exit(0);
  }

  // Wait (bounded) until the database holds at least 3 complete trials, then kill the child.
  auto store = OpenSqliteStudyStore(path);
  ASSERT_TRUE(store.ok());
  std::vector<TrialRecord> before;
  for (int poll = 0; poll < 20000; ++poll) {
    auto trials = (*store)->Trials("crash");
    if (trials.ok() && CountComplete(*trials) >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(::kill(child, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the child ended before it was killed";
  before = *(*store)->Trials("crash");
  ASSERT_GE(CountComplete(before), 3);

  // Resume in this process: the budget counts every trial but those the dead process left running.
  int left_running = 0;
  for (const TrialRecord& t : before) left_running += t.state == TrialState::kRunning;
  StudySpec spec = Spec(static_cast<int>(before.size()) - left_running + 4);
  std::shared_ptr<StudyObjective> objective = MakeStudyObjective(spec).value();
  NullEventSink sink;
  auto study = Study::Open(spec, **store, objective, sink);
  ASSERT_TRUE(study.ok()) << study.status().message();
  ASSERT_TRUE((*study)->Run().ok());
  const auto after = *(*store)->Trials("crash");
  ASSERT_EQ(after.size(), before.size() + 4);
  for (size_t i = 0; i < before.size(); ++i) {
    if (before[i].state == TrialState::kRunning) {
      EXPECT_EQ(after[i].state, TrialState::kFailed);
      EXPECT_EQ(after[i].reason, "process ended while running");
    } else {
      EXPECT_EQ(after[i], before[i]) << "trial " << i;
    }
  }
  for (size_t i = before.size(); i < after.size(); ++i) {
    EXPECT_EQ(after[i].state, TrialState::kComplete);
  }
}

}  // namespace study_recovery_test
}  // namespace optiscope
