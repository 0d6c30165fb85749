// Studies shared by several runners through one store: the budget is exact, nobody proposes the
// same point twice, interrupted trials give their budget back, a changed spec is refused, stored
// steering is obeyed, and the constant liar hides pending points from model-based samplers.
#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <cmath>
#include <cstdio>
#include <set>
#include <thread>

#include "engine/search/constant_liar.h"
#include "engine/search/study.h"
#include "engine/search/study_sharing.h"
#include "tests/engine/search/study_test_util.h"

namespace optiscope {
namespace study_sharing_test {

StudySpec Spec(const std::string& sampler, int n_trials, int n_jobs,
               const std::string& name = "shared") {
  auto spec = ParseStudySpec(R"({"name": ")" + name + R"(", "sampler": {"type": ")" + sampler +
                             R"(", "seed": 5}, "n_trials": )" + std::to_string(n_trials) +
                             R"(, "n_jobs": )" + std::to_string(n_jobs) +
                             R"(, "objective": {"function": "branin"}})");
  EXPECT_TRUE(spec.ok()) << spec.status().message();
  return *spec;
}

// The distinct parameter assignments (exact values) of `trials`.
std::set<std::string> DistinctParams(const std::vector<TrialRecord>& trials) {
  std::set<std::string> out;
  for (const TrialRecord& t : trials) {
    std::string key;
    char buf[64];
    for (const TrialParam& p : t.params) {
      std::snprintf(buf, sizeof(buf), "%a", p.value);
      key += p.name + "=" + buf + (p.label.empty() ? "" : "/" + p.label) + ";";
    }
    out.insert(key);
  }
  return out;
}

// Runs `runners` Study objects, each on its own store handle, on one study at once.
std::vector<TrialRecord> RunShared(const std::string& sampler, int n_trials, int runners,
                                   int n_jobs) {
  study_testing::TempDir dir;
  const std::string path = dir.File("studies.db");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < runners; ++i) {
    threads.emplace_back([&] {
      auto store = OpenSqliteStudyStore(path);
      if (!store.ok()) {
        ADD_FAILURE() << "opening the store: " << store.status().message();
        return failures.fetch_add(1), void();
      }
      StudySpec spec = Spec(sampler, n_trials, n_jobs);
      std::shared_ptr<StudyObjective> objective = MakeStudyObjective(spec).value();
      NullEventSink sink;
      auto study = Study::Open(spec, **store, objective, sink);
      if (!study.ok()) {
        ADD_FAILURE() << "opening the study: " << study.status().message();
        return failures.fetch_add(1), void();
      }
      if (Result<StudySummary> run = (*study)->Run(); !run.ok()) {
        ADD_FAILURE() << "running: " << run.status().message();
        failures.fetch_add(1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto store = OpenSqliteStudyStore(path);
  return *(*store)->Trials("shared");
}

TEST(StudySharingTest, FourRunnersShareTheBudgetExactlyAndNeverRepeatAPoint) {
  for (const char* sampler : {"tpe", "gp", "random"}) {
    SCOPED_TRACE(sampler);
    const auto trials = RunShared(sampler, sampler == std::string("gp") ? 24 : 40, 4, 1);
    const size_t n = sampler == std::string("gp") ? 24u : 40u;
    ASSERT_EQ(trials.size(), n);
    for (const TrialRecord& t : trials) {
      EXPECT_EQ(t.state, TrialState::kComplete) << "trial " << t.number << ": " << t.reason;
    }
    EXPECT_EQ(DistinctParams(trials).size(), n);
  }
}

// Workers started together on a study file that does not exist yet all open it: switching the
// new file to WAL used to fail at once with "database is locked" for the one that came second
// (a real `study run` race; it failed this suite once under load).
TEST(StudySharingTest, WorkersOpeningANewFileTogetherAllSucceed) {
  constexpr int kRounds = 60;
  constexpr int kWorkers = 6;
  study_testing::TempDir dir;
  for (int round = 0; round < kRounds; ++round) {
    const std::string path = dir.File("new" + std::to_string(round) + ".db");
    std::barrier start(kWorkers);
    std::vector<std::string> errors(kWorkers);
    std::vector<std::thread> threads;
    for (int w = 0; w < kWorkers; ++w) {
      threads.emplace_back([&, w] {
        start.arrive_and_wait();
        auto store = OpenSqliteStudyStore(path);
        if (!store.ok()) errors[w] = store.status().message();
      });
    }
    for (std::thread& t : threads) t.join();
    for (const std::string& e : errors) ASSERT_EQ(e, "") << "round " << round;
  }
}

TEST(StudySharingTest, ParallelJobsInOneProcessAlsoKeepTheBudget) {
  const auto trials = RunShared("tpe", 30, 2, 3);
  ASSERT_EQ(trials.size(), 30u);
  EXPECT_EQ(DistinctParams(trials).size(), 30u);
}

TEST(StudySharingTest, AnInterruptedTrialGivesItsBudgetBack) {
  StudySpec spec = Spec("random", 6, 1, "int");
  auto store = MakeMemoryStudyStore();
  std::atomic<int> calls{0};
  Study* running = nullptr;
  class Objective final : public StudyObjective {
   public:
    Objective(std::atomic<int>& calls, Study*& study) : calls_(calls), study_(study) {}
    int NumValues() const override { return 1; }
    Result<std::vector<double>> Evaluate(const TrialRequest&, TrialContext& c) override {
      if (calls_.fetch_add(1) == 2) {
        study_->Stop();  // as Ctrl+C does: this trial is interrupted
        while (!c.StopToken().stop_requested()) {
        }
        return Status::Cancelled();
      }
      return std::vector<double>{1.0};
    }

   private:
    std::atomic<int>& calls_;
    Study*& study_;
  };
  auto objective = std::make_shared<Objective>(calls, running);
  NullEventSink sink;
  {
    auto study = Study::Open(spec, *store, objective, sink);
    ASSERT_TRUE(study.ok());
    running = study->get();
    auto summary = (*study)->Run();
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->reason, "stopped");
  }
  auto first = *store->Trials("int");
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[2].reason, "stopped (the study was stopped)");
  EXPECT_FALSE(first[2].uses_budget);
  auto study = Study::Open(spec, *store, objective, sink);
  ASSERT_TRUE(study.ok());
  running = study->get();
  ASSERT_TRUE((*study)->Run().ok());
  const auto trials = *store->Trials("int");
  int complete = 0;
  for (const TrialRecord& t : trials) complete += t.state == TrialState::kComplete;
  EXPECT_EQ(complete, 6);
  EXPECT_EQ(trials.size(), 7u);
}

TEST(StudySharingTest, AChangedSpaceIsRefusedUnlessAllowed) {
  auto store = MakeMemoryStudyStore();
  NullEventSink sink;
  StudySpec spec = Spec("random", 2, 1, "c");
  std::shared_ptr<StudyObjective> objective = MakeStudyObjective(spec).value();
  ASSERT_TRUE(Study::Open(spec, *store, objective, sink).ok());
  auto changed = ParseStudySpec(R"({"name": "c", "n_trials": 2, "space": {"x1": {"type": "float",
      "low": 0, "high": 1}, "x2": {"type": "float", "low": 0, "high": 1}},
      "objective": {"function": "branin"}})");
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  auto refused = Study::Open(*changed, *store, objective, sink);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("search space"), std::string::npos)
      << refused.status().message();
  EXPECT_NE(refused.status().message().find("--allow-changed-spec"), std::string::npos);
  // More budget is not a change that matters.
  StudySpec more = Spec("random", 9, 1, "c");
  EXPECT_TRUE(Study::Open(more, *store, objective, sink).ok());
  StudyOpenOptions allow;
  allow.allow_changed_spec = true;
  ASSERT_TRUE(Study::Open(*changed, *store, objective, sink, allow).ok());
  EXPECT_EQ(store->GetStudy("c")->spec_json, changed->text);
  EXPECT_EQ(SpecDifference("{\"space\":1}", "{\"space\":1,\"n_trials\":3}"), "");
  EXPECT_EQ(SpecDifference("{\"space\":1}", "{\"space\":2,\"objective\":{}}"),
            "search space and objective");
}

TEST(StudySharingTest, WorkersObeyStoredSteering) {
  auto store = MakeMemoryStudyStore();
  NullEventSink sink;
  StudySpec spec = Spec("tpe", 1000, 1, "steer");
  // The objective asks the store to stop the study at its fifth trial; the study's own heartbeat
  // poll then stops it (between or during trials), well before the budget.
  class Objective final : public StudyObjective {
   public:
    explicit Objective(StudyStore& store) : store_(store) {}
    int NumValues() const override { return 1; }
    Result<std::vector<double>> Evaluate(const TrialRequest&, TrialContext& c) override {
      if (c.TrialNumber() == 4) (void)store_.SetControl("steer", "state", "stopped");
      return std::vector<double>{static_cast<double>(c.TrialNumber())};
    }

   private:
    StudyStore& store_;
  };
  auto objective = std::make_shared<Objective>(*store);
  ASSERT_TRUE(store->CreateOrOpenStudy("steer", spec.text, spec.directions).ok());
  ASSERT_TRUE(store->SetControl("steer", "sampler", R"({"type": "random"})").ok());
  auto study = Study::Open(spec, *store, objective, sink);
  ASSERT_TRUE(study.ok());
  auto summary = (*study)->Run();
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->reason, "stopped");
  EXPECT_LT(summary->n_trials, 1000);
  EXPECT_GE(summary->n_trials, 5);
  // A later run sets the stopped study running again.
  auto again = Study::Open(spec, *store, objective, sink);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(store->GetControl("steer")->values.at("state"), "running");
}

TEST(StudySharingTest, RunningTrialsOfADeadWorkerAreRetriedWithTheirParameters) {
  auto store = MakeMemoryStudyStore();
  NullEventSink sink;
  StudySpec spec = Spec("random", 5, 1, "retry");
  spec.retry_failed = 1;
  ASSERT_TRUE(store->CreateOrOpenStudy("retry", spec.text, spec.directions).ok());
  // A worker that registered, reserved a trial and ended without finishing it.
  ASSERT_TRUE(store->RegisterWorker("retry", "gone").ok());
  TrialReservation r;
  r.worker = "gone";
  r.params = {{"x1", 1.0, ""}, {"x2", 2.0, ""}};
  ASSERT_TRUE(store->ReserveTrial("retry", r).ok());
  ASSERT_TRUE(store->EndWorker("retry", "gone").ok());
  std::shared_ptr<StudyObjective> objective = MakeStudyObjective(spec).value();
  auto study = Study::Open(spec, *store, objective, sink);
  ASSERT_TRUE(study.ok());
  ASSERT_TRUE((*study)->Run().ok());
  const auto trials = *store->Trials("retry");
  ASSERT_EQ(trials.size(), 6u);
  EXPECT_EQ(trials[0].state, TrialState::kFailed);
  EXPECT_EQ(trials[0].reason, "process ended while running");
  EXPECT_EQ(trials[1].origin, "retry of 0");
  EXPECT_EQ(trials[1].params, r.params);
  EXPECT_EQ(trials[1].state, TrialState::kComplete);
  int complete = 0;
  for (const TrialRecord& t : trials) complete += t.state == TrialState::kComplete;
  EXPECT_EQ(complete, 5);
}

TEST(ConstantLiarTest, PendingTrialsBecomeTheWorstCompleteValue) {
  std::vector<FrozenTrial> history(4);
  history[0].state = TrialState::kComplete;
  history[0].values = {2.0};
  history[0].params = {{"x", 0.1}};
  history[1].state = TrialState::kComplete;
  history[1].values = {5.0};
  history[1].params = {{"x", 0.2}};
  history[2].state = TrialState::kRunning;
  history[2].params = {{"x", 0.3}};
  history[3].state = TrialState::kRunning;  // reserved, parameters not sampled yet
  const std::vector<Direction> minimize = {Direction::kMinimize};
  ASSERT_TRUE(HasPendingTrials(history));
  auto lied = WithConstantLiar(history, minimize);
  EXPECT_EQ(lied[2].state, TrialState::kComplete);
  EXPECT_EQ(lied[2].values, std::vector<double>{5.0});
  EXPECT_EQ(lied[3].state, TrialState::kRunning);
  const std::vector<Direction> maximize = {Direction::kMaximize};
  EXPECT_EQ(WithConstantLiar(history, maximize)[2].values, std::vector<double>{2.0});
  history.resize(1);
  EXPECT_FALSE(HasPendingTrials(history));
  EXPECT_TRUE(SamplerTakesLies("tpe"));
  EXPECT_FALSE(SamplerTakesLies("cmaes"));
}

}  // namespace study_sharing_test
}  // namespace optiscope
