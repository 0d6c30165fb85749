// Several optiscope-cli processes run one study through one store (issue 14): 4 worker processes on
// a study of 60 trials whose objective takes 0.1 s; one worker is killed with SIGKILL mid-trial.
// Exactly 60 trials complete, the killed trial is failed (and retried with the same parameters
// when asked), no live trial is failed and no configuration is proposed twice. The storage URL
// is a parameter: SQLite, and PostgreSQL on the test server scripts/test starts
// (OPTISCOPE_TEST_PG_URL; without it that case skips loudly, see tests/engine/search/pg_test_util.h).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "engine/search/storage.h"
#include "tests/cli/cli_runner.h"
#include "tests/engine/search/pg_test_util.h"

namespace optiscope {
namespace cli_study_workers_test {

using Clock = std::chrono::steady_clock;

struct StorageCase {
  std::string name;
  // The storage URL for a test whose scratch folder is `dir`; "" = not available here.
  std::function<std::string(const std::string& dir)> url;
};

std::string CaseName(const ::testing::TestParamInfo<StorageCase>& info) { return info.param.name; }

// A worker process with stdout and stderr in files.
struct Worker {
  pid_t pid = -1;
  std::string out_path;
  std::string err_path;
};

Worker Spawn(const std::vector<std::string>& args, const std::string& dir, int index) {
  Worker w;
  w.out_path = dir + "/worker" + std::to_string(index) + ".out";
  w.err_path = dir + "/worker" + std::to_string(index) + ".err";
  const int out = ::open(w.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int err = ::open(w.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  w.pid = testing_cli::internal::Spawn(args, out, err);
  ::close(out);
  ::close(err);
  return w;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Polls `done` until it is true or `seconds` pass (a short pause between polls: the state is in
// other processes). Returns whether it became true.
bool PollUntil(const std::function<bool()>& done, double seconds) {
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(seconds));
  while (Clock::now() < deadline) {
    if (done()) return true;
    const timespec pause = {0, 5'000'000};
    ::nanosleep(&pause, nullptr);
  }
  return done();
}

// Waits (bounded) for the process to exit; returns its exit status, or -1 after killing it.
int Reap(pid_t pid, double seconds) {
  int status = 0;
  int code = -2;
  PollUntil(
      [&] {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) code = testing_cli::internal::ExitCode(status);
        return r == pid;
      },
      seconds);
  if (code == -2) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
  }
  return code;
}

std::string ParamsKey(const TrialRecord& t) {
  std::string key;
  char buf[64];
  for (const TrialParam& p : t.params) {
    std::snprintf(buf, sizeof(buf), "%a", p.value);
    key += p.name + "=" + buf + ";";
  }
  return key;
}

class StudyWorkersTest : public ::testing::TestWithParam<StorageCase> {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::path(::testing::TempDir()) / "workers_XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    if (GetParam().name == "Postgres") OPTISCOPE_REQUIRE_PG_SERVER();
    url_ = GetParam().url(dir_);
    if (url_.empty()) GTEST_SKIP() << GetParam().name << ": no storage available here";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Runs the scenario with `retry_failed`; `name` must be new in the storage.
  void RunScenario(int retry_failed, const std::string& name) {
    constexpr int kTrials = 60;
    const std::string spec_path = dir_ + "/spec.json";
    {
      std::ofstream spec(spec_path);
      spec << R"({"name": ")" << name << R"(", "sampler": {"type": "tpe", "seed": 1},
        "n_trials": )" << kTrials << R"(, "retry_failed": )" << retry_failed << R"(,
        "space": {"x": {"type": "float", "low": -1, "high": 1},
                  "y": {"type": "float", "low": -1, "high": 1}},
        "objective": {"command": ["sh", "-c",
          "sleep 0.1; awk 'BEGIN {{ print ({x} - 0.3) ^ 2 + ({y} + 0.2) ^ 2 }}'"]}})";
    }
    auto store = OpenStudyStore(url_);
    ASSERT_TRUE(store.ok()) << store.status().message();

    // The first process creates the study from the spec; the others join it by name.
    std::vector<Worker> workers;
    workers.push_back(Spawn({"study", "run", spec_path, "--storage", url_}, dir_, 0));
    ASSERT_TRUE(PollUntil([&] { return (*store)->GetStudy(name).ok(); }, 60))
        << Slurp(workers[0].err_path);
    for (int i = 1; i < 4; ++i) {
      workers.push_back(
          Spawn({"study", "worker", "--storage", url_, "--name", name}, dir_, i));
    }

    // Kill worker 1 while it runs a trial, once the study is well under way.
    const pid_t victim = workers[1].pid;
    const std::string victim_tag = ":" + std::to_string(victim) + ":";
    int killed_trial = -1;
    ASSERT_TRUE(PollUntil(
        [&] {
          auto trials = (*store)->Trials(name);
          if (!trials.ok()) return false;
          int complete = 0;
          for (const TrialRecord& t : *trials) complete += t.state == TrialState::kComplete;
          if (complete < 8) return false;
          for (const TrialRecord& t : *trials) {
            if (t.state == TrialState::kRunning && !t.params.empty() &&
                t.worker.find(victim_tag) != std::string::npos) {
              killed_trial = t.number;
              return true;
            }
          }
          return false;
        },
        120))
        << "worker 1 never ran a trial: " << Slurp(workers[1].err_path);
    ASSERT_EQ(::kill(victim, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(victim, &status, 0), victim);
    ASSERT_TRUE(WIFSIGNALED(status));
    // The trial may have finished between the poll and the kill; then another one of the
    // victim's trials (reserved meanwhile) is the killed one, or none was running.
    for (int i : {0, 2, 3}) {
      EXPECT_EQ(Reap(workers[i].pid, 300), 0)
          << "worker " << i << ": " << Slurp(workers[i].err_path) << Slurp(workers[i].out_path);
    }

    const auto trials = *(*store)->Trials(name);
    int complete = 0;
    std::vector<const TrialRecord*> failed;
    std::set<std::string> configurations;
    for (const TrialRecord& t : trials) {
      if (t.state == TrialState::kComplete) {
        ++complete;
        if (t.origin.rfind("retry of ", 0) != 0) {
          EXPECT_TRUE(configurations.insert(ParamsKey(t)).second)
              << "trial " << t.number << " repeats a configuration";
        }
      }
      if (t.state == TrialState::kFailed) failed.push_back(&t);
      EXPECT_NE(t.state, TrialState::kRunning) << "trial " << t.number;
      EXPECT_NE(t.state, TrialState::kWaiting) << "trial " << t.number;
    }
    EXPECT_EQ(complete, kTrials);
    // Only the victim's trials failed (no live trial): the one it ran when killed, and at most
    // one more it had reserved in the same instant. When the polled trial finished just before
    // the kill, the victim may have had none running (seen on PostgreSQL under load): then nothing
    // failed, and the counts above still hold.
    ASSERT_LE(failed.size(), 2u);
    if (trials[killed_trial].state != TrialState::kComplete) {
      ASSERT_GE(failed.size(), 1u);
    }
    bool found_killed = false;
    for (const TrialRecord* f : failed) {
      EXPECT_NE(f->worker.find(victim_tag), std::string::npos) << "a live trial failed";
      EXPECT_EQ(f->reason, "process ended while running");
      EXPECT_FALSE(f->uses_budget);
      found_killed = found_killed || f->number == killed_trial;
    }
    if (trials[killed_trial].state != TrialState::kComplete) {
      EXPECT_TRUE(found_killed);
    }
    if (retry_failed > 0) {
      for (const TrialRecord* f : failed) {
        if (f->params.empty()) continue;
        bool retried = false;
        for (const TrialRecord& t : trials) {
          retried = retried || (t.origin == "retry of " + std::to_string(f->number) &&
                                t.params == f->params && t.state == TrialState::kComplete);
        }
        EXPECT_TRUE(retried) << "trial " << f->number << " was not retried";
      }
    } else {
      for (const TrialRecord& t : trials) EXPECT_EQ(t.origin.rfind("retry of ", 0), std::string::npos);
    }

    // show --json reports the counts per state and per worker.
    auto shown = testing_cli::RunCli({"study", "show", "--storage", url_, "--name", name, "--json"});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(shown.out.find("\"complete\":60"), std::string::npos) << shown.out;
    EXPECT_NE(shown.out.find(victim_tag), std::string::npos) << shown.out;
  }

  std::string dir_;
  std::string url_;
};

// Study names are unique per test process (a PostgreSQL database outlives the test).
std::string Unique(const std::string& name) { return name + "_" + std::to_string(::getpid()); }

TEST_P(StudyWorkersTest, FourWorkersOneKilledExactBudgetNoDuplicates) {
  RunScenario(0, Unique("mp0"));
}

TEST_P(StudyWorkersTest, TheKilledTrialIsRetriedWhenAsked) { RunScenario(1, Unique("mp1")); }

std::vector<StorageCase> Cases() {
  std::vector<StorageCase> cases = {
      {"Sqlite", [](const std::string& dir) { return "sqlite:" + dir + "/studies.db"; }}};
  cases.push_back({"Postgres", [](const std::string&) { return pg_testing::ServerUrl(); }});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Storages, StudyWorkersTest, ::testing::ValuesIn(Cases()), CaseName);

}  // namespace cli_study_workers_test
}  // namespace optiscope
