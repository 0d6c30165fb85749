// The StudyStore contract (engine/search/storage.h) for every store: the memory and SQLite stores
// are instantiated here; other backends instantiate the same suite (store_contract_test.h).
#include "tests/engine/search/store_contract_test.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

namespace optiscope::store_testing {
namespace store_contract_test {

const std::vector<Direction> kMin = {Direction::kMinimize};

TrialReservation Reserve(const std::string& worker, int n_trials,
                         std::vector<TrialParam> params = {}) {
  TrialReservation r;
  r.worker = worker;
  r.n_trials = n_trials;
  r.params = std::move(params);
  return r;
}

TrialRecord Ended(int number, TrialState state, double value = 1.0) {
  TrialRecord t;
  t.number = number;
  t.state = state;
  if (state == TrialState::kComplete) t.values = {value};
  return t;
}

TEST_P(StoreContractTest, ReserveNumbersTrialsAndStopsAtTheBudget) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", kMin).ok());
  ASSERT_TRUE(store_->RegisterWorker("s", "w1").ok());
  for (int i = 0; i < 3; ++i) {
    auto r = store_->ReserveTrial("s", Reserve("w1", 3, {{"x", 0.5 * i, ""}}));
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_TRUE(r->has_value());
    EXPECT_EQ((*r)->number, i);
    EXPECT_EQ((*r)->state, TrialState::kRunning);
    EXPECT_EQ((*r)->worker, "w1");
    EXPECT_EQ((*r)->params, (std::vector<TrialParam>{{"x", 0.5 * i, ""}}));
  }
  auto over = store_->ReserveTrial("s", Reserve("w1", 3));
  ASSERT_TRUE(over.ok());
  EXPECT_FALSE(over->has_value());
  EXPECT_EQ(store_->Trials("s")->size(), 3u);
  // No budget (0): always a new trial.
  auto free = store_->ReserveTrial("s", Reserve("w1", 0));
  ASSERT_TRUE(free.ok() && free->has_value());
  EXPECT_EQ((*free)->number, 3);
  auto used = store_->ReserveTrial("s", Reserve("w1", 1));
  ASSERT_TRUE(used.ok());
  EXPECT_FALSE(used->has_value());
  EXPECT_FALSE(store_->ReserveTrial("x", Reserve("w1", 1)).ok());  // unknown study
}

TEST_P(StoreContractTest, TrialsThatDoNotUseBudgetAreNotCounted) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", kMin).ok());
  ASSERT_TRUE(store_->RegisterWorker("s", "w").ok());
  auto a = store_->ReserveTrial("s", Reserve("w", 2));
  auto b = store_->ReserveTrial("s", Reserve("w", 2));
  ASSERT_TRUE(a.ok() && a->has_value() && b.ok() && b->has_value());
  TrialRecord interrupted = Ended(0, TrialState::kFailed);
  interrupted.reason = "stopped (the study was stopped)";
  interrupted.uses_budget = false;
  ASSERT_TRUE(store_->FinishTrial("s", interrupted).ok());
  ASSERT_TRUE(store_->FinishTrial("s", Ended(1, TrialState::kFailed)).ok());  // counts
  auto c = store_->ReserveTrial("s", Reserve("w", 2));
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->number, 2);
  EXPECT_FALSE(store_->ReserveTrial("s", Reserve("w", 2))->has_value());
  const auto trials = *store_->Trials("s");
  EXPECT_FALSE(trials[0].uses_budget);
  EXPECT_TRUE(trials[1].uses_budget);
}

TEST_P(StoreContractTest, ConcurrentHandlesNeverExceedTheBudget) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", kMin).ok());
  constexpr int kBudget = 40;
  constexpr int kHandles = 4;
  std::vector<std::unique_ptr<StudyStore>> handles;
  for (int i = 0; i < kHandles; ++i) {
    handles.push_back(Second());
    if (handles.back() == nullptr) GTEST_SKIP() << "one handle only";
  }
  std::vector<std::vector<int>> got(kHandles);
  std::vector<std::thread> threads;
  for (int i = 0; i < kHandles; ++i) {
    threads.emplace_back([&, i] {
      const std::string w = "w" + std::to_string(i);
      if (!handles[i]->RegisterWorker("s", w).ok()) return;
      for (;;) {
        auto r = handles[i]->ReserveTrial("s", Reserve(w, kBudget));
        if (!r.ok() || !r->has_value()) return;
        got[i].push_back((*r)->number);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::set<int> numbers;
  size_t total = 0;
  for (const auto& g : got) {
    total += g.size();
    numbers.insert(g.begin(), g.end());
  }
  EXPECT_EQ(total, static_cast<size_t>(kBudget));
  EXPECT_EQ(numbers.size(), static_cast<size_t>(kBudget));
  EXPECT_EQ(*numbers.rbegin(), kBudget - 1);
  EXPECT_EQ(store_->Trials("s")->size(), static_cast<size_t>(kBudget));
}

TEST_P(StoreContractTest, OpeningAStudyLeavesRunningTrialsRunning) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{\"a\":1}", kMin).ok());
  ASSERT_TRUE(store_->RegisterWorker("s", "w").ok());
  ASSERT_TRUE(store_->ReserveTrial("s", Reserve("w", 0)).ok());
  auto other = Second();
  StudyStore& again = other ? *other : *store_;
  auto info = again.CreateOrOpenStudy("s", "{\"a\":2}", {Direction::kMaximize});
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->spec_json, "{\"a\":1}");
  EXPECT_EQ(info->directions, kMin);
  EXPECT_EQ((*again.Trials("s"))[0].state, TrialState::kRunning);
  ASSERT_TRUE(again.UpdateStudySpec("s", "{\"a\":3}").ok());
  EXPECT_EQ(store_->GetStudy("s")->spec_json, "{\"a\":3}");
  EXPECT_FALSE(again.UpdateStudySpec("nope", "{}").ok());
}

TEST_P(StoreContractTest, OnlyTrialsOfDeadOrStaleOwnersAreFailed) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", kMin).ok());
  ASSERT_TRUE(store_->RegisterWorker("s", "alive").ok());
  ASSERT_TRUE(store_->RegisterWorker("s", "dead").ok());
  ASSERT_TRUE(store_->ReserveTrial("s", Reserve("alive", 0, {{"x", 1, ""}})).ok());
  ASSERT_TRUE(store_->ReserveTrial("s", Reserve("dead", 0, {{"x", 2, ""}})).ok());
  StalePolicy policy;
  policy.grace_s = 3600;
  auto none = store_->FailStaleTrials("s", policy);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  policy.dead_workers = {"dead"};
  auto failed = store_->FailStaleTrials("s", policy);
  ASSERT_TRUE(failed.ok()) << failed.status().message();
  EXPECT_EQ(*failed, std::vector<int>{1});
  const auto trials = *store_->Trials("s");
  ASSERT_EQ(trials.size(), 2u);  // retry_failed 0: nothing queued
  EXPECT_EQ(trials[0].state, TrialState::kRunning);
  EXPECT_EQ(trials[1].state, TrialState::kFailed);
  EXPECT_EQ(trials[1].reason, "process ended while running");
  EXPECT_FALSE(trials[1].uses_budget);
  // The dead owner's late result is refused and the trial stays failed.
  const Status late = store_->FinishTrial("s", Ended(1, TrialState::kComplete));
  EXPECT_EQ(late.code(), StatusCode::kCancelled) << late.message();
  EXPECT_EQ((*store_->Trials("s"))[1].state, TrialState::kFailed);
  EXPECT_EQ(store_->FinishTrial("s", Ended(7, TrialState::kComplete)).code(),
            StatusCode::kNotFound);
}

TEST_P(StoreContractTest, TrialsOfAnEndedOrUnknownOwnerAreStale) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", kMin).ok());
  ASSERT_TRUE(store_->RegisterWorker("s", "w").ok());
  ASSERT_TRUE(store_->ReserveTrial("s", Reserve("w", 0)).ok());
  ASSERT_TRUE(store_->ReserveTrial("s", Reserve("never-registered", 0)).ok());
  StalePolicy policy;
  policy.grace_s = 3600;
  EXPECT_EQ(*store_->FailStaleTrials("s", policy), std::vector<int>{1});
  ASSERT_TRUE(store_->EndWorker("s", "w").ok());
  EXPECT_EQ(*store_->FailStaleTrials("s", policy), std::vector<int>{0});
  const auto workers = *store_->Workers("s");
  ASSERT_EQ(workers.size(), 1u);
  EXPECT_EQ(workers[0].id, "w");
  EXPECT_TRUE(workers[0].ended);
  ASSERT_TRUE(store_->RegisterWorker("s", "w").ok());
  EXPECT_FALSE((*store_->Workers("s"))[0].ended);
}

TEST_P(StoreContractTest, AHeartbeatOlderThanTheGraceMakesTheOwnerStale) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", kMin).ok());
  ASSERT_TRUE(store_->RegisterWorker("s", "slow").ok());
  ASSERT_TRUE(store_->ReserveTrial("s", Reserve("slow", 0)).ok());
  StalePolicy policy;
  policy.grace_s = 0.05;
  // Poll (bounded) until the store's clock has moved past the grace.
  std::vector<int> failed;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (failed.empty() && std::chrono::steady_clock::now() < deadline) {
    auto f = store_->FailStaleTrials("s", policy);
    ASSERT_TRUE(f.ok());
    failed = *f;
  }
  EXPECT_EQ(failed, std::vector<int>{0});
  EXPECT_GT((*store_->Workers("s"))[0].heartbeat_age_s, 0.05);
  ASSERT_TRUE(store_->Heartbeat("s", "slow").ok());
  EXPECT_LT((*store_->Workers("s"))[0].heartbeat_age_s, 30.0);
}

TEST_P(StoreContractTest, RetriesAreQueuedWithTheSameParametersUpToTheLimit) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", kMin).ok());
  ASSERT_TRUE(store_->RegisterWorker("s", "a").ok());
  const std::vector<TrialParam> params = {{"lr", 0.01, ""}, {"opt", 1, "adam"}};
  ASSERT_TRUE(store_->ReserveTrial("s", Reserve("a", 1, params)).ok());
  StalePolicy policy;
  policy.dead_workers = {"a"};
  policy.retry_failed = 2;
  ASSERT_EQ(*store_->FailStaleTrials("s", policy), std::vector<int>{0});
  auto trials = *store_->Trials("s");
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_EQ(trials[1].state, TrialState::kWaiting);
  EXPECT_EQ(trials[1].params, params);
  EXPECT_EQ(trials[1].origin, "retry of 0");
  EXPECT_TRUE(trials[1].worker.empty());
  // The budget (1) is used by the waiting retry: a plain reservation gets nothing new...
  TrialReservation fresh = Reserve("b", 1);
  fresh.claim_waiting = false;
  ASSERT_TRUE(store_->RegisterWorker("s", "b").ok());
  EXPECT_FALSE(store_->ReserveTrial("s", fresh)->has_value());
  // ...and a claiming one gets the retry, whatever the budget.
  auto claimed = store_->ReserveTrial("s", Reserve("b", 1));
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  EXPECT_EQ((*claimed)->number, 1);
  EXPECT_EQ((*claimed)->state, TrialState::kRunning);
  EXPECT_EQ((*claimed)->worker, "b");
  EXPECT_EQ((*claimed)->params, params);
  // Second failure: one more retry (chain root stays 0); third: none.
  policy.dead_workers = {"b"};
  ASSERT_EQ(*store_->FailStaleTrials("s", policy), std::vector<int>{1});
  claimed = store_->ReserveTrial("s", Reserve("b", 1));
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  EXPECT_EQ((*claimed)->number, 2);
  EXPECT_EQ((*claimed)->origin, "retry of 0");
  ASSERT_EQ(*store_->FailStaleTrials("s", policy), std::vector<int>{2});
  trials = *store_->Trials("s");
  EXPECT_EQ(trials.size(), 3u);
  for (const TrialRecord& t : trials) EXPECT_EQ(t.state, TrialState::kFailed);
}

TEST_P(StoreContractTest, ParamsReportsAndFinishRoundTrip) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", kMin).ok());
  ASSERT_TRUE(store_->RegisterWorker("s", "w").ok());
  auto r = store_->ReserveTrial("s", Reserve("w", 5));
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_TRUE((*r)->params.empty());
  const std::vector<TrialParam> params = {{"x", -1.5, ""}, {"c", 2, "tanh"}};
  ASSERT_TRUE(store_->SetTrialParams("s", 0, params).ok());
  EXPECT_EQ(store_->SetTrialParams("s", 9, params).code(), StatusCode::kNotFound);
  ASSERT_TRUE(store_->ReportIntermediate("s", 0, 1, 3.0).ok());
  ASSERT_TRUE(store_->ReportIntermediate("s", 0, 2, 2.0).ok());
  ASSERT_TRUE(store_->ReportIntermediate("s", 0, 1, 2.5).ok());  // replaces step 1
  TrialRecord done = Ended(0, TrialState::kComplete, 1.25);
  done.seconds = 0.5;
  ASSERT_TRUE(store_->FinishTrial("s", done).ok());
  auto other = Second();
  const auto trials = *(other ? *other : *store_).Trials("s");
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].params, params);
  EXPECT_EQ(trials[0].intermediate, (std::vector<std::pair<int, double>>{{1, 2.5}, {2, 2.0}}));
  EXPECT_EQ(trials[0].values, std::vector<double>{1.25});
  EXPECT_DOUBLE_EQ(trials[0].seconds, 0.5);
  EXPECT_EQ(trials[0].worker, "w");
  EXPECT_EQ(store_->GetStudy("s")->n_complete, 1);
}

TEST_P(StoreContractTest, ChangesSinceReturnsOnlyWhatChanged) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", kMin).ok());
  ASSERT_TRUE(store_->RegisterWorker("s", "w").ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store_->ReserveTrial("s", Reserve("w", 0)).ok());
  auto all = store_->ChangesSince("s", 0);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->trials.size(), 3u);
  const int64_t v = all->version;
  EXPECT_GT(v, 0);
  auto nothing = store_->ChangesSince("s", v);
  ASSERT_TRUE(nothing.ok());
  EXPECT_EQ(nothing->version, v);
  EXPECT_TRUE(nothing->trials.empty());
  ASSERT_TRUE(store_->Heartbeat("s", "w").ok());  // heartbeats are not changes
  EXPECT_EQ(store_->ChangesSince("s", v)->version, v);
  ASSERT_TRUE(store_->ReportIntermediate("s", 1, 1, 0.5).ok());
  ASSERT_TRUE(store_->FinishTrial("s", Ended(2, TrialState::kComplete)).ok());
  auto some = store_->ChangesSince("s", v);
  ASSERT_TRUE(some.ok());
  EXPECT_GT(some->version, v);
  ASSERT_EQ(some->trials.size(), 2u);
  EXPECT_EQ(some->trials[0].number, 1);
  EXPECT_EQ(some->trials[0].intermediate, (std::vector<std::pair<int, double>>{{1, 0.5}}));
  EXPECT_EQ(some->trials[1].number, 2);
  EXPECT_EQ(some->trials[1].state, TrialState::kComplete);
}

TEST_P(StoreContractTest, ControlRecordsAndTrialStopRequestsReachWorkers) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", kMin).ok());
  auto empty = store_->GetControl("s");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->version, 0);
  EXPECT_TRUE(empty->values.empty());
  ASSERT_TRUE(store_->SetControl("s", "state", "paused").ok());
  auto other = Second();
  StudyStore& reader = other ? *other : *store_;
  auto c1 = reader.GetControl("s");
  ASSERT_TRUE(c1.ok());
  EXPECT_EQ(c1->values.at("state"), "paused");
  ASSERT_TRUE(store_->SetControl("s", "sampler", R"({"type":"random"})").ok());
  ASSERT_TRUE(store_->SetControl("s", "state", "running").ok());
  auto c2 = reader.GetControl("s");
  EXPECT_GT(c2->version, c1->version);
  EXPECT_EQ(c2->values.at("state"), "running");
  EXPECT_EQ(c2->values.at("sampler"), R"({"type":"random"})");
  EXPECT_FALSE(store_->SetControl("nope", "state", "paused").ok());

  ASSERT_TRUE(store_->RegisterWorker("s", "w").ok());
  ASSERT_TRUE(store_->ReserveTrial("s", Reserve("w", 0)).ok());
  ASSERT_TRUE(store_->ReserveTrial("s", Reserve("w", 0)).ok());
  EXPECT_TRUE(store_->Heartbeat("s", "w")->empty());
  ASSERT_TRUE(reader.RequestTrialStop("s", 1).ok());
  EXPECT_EQ(*store_->Heartbeat("s", "w"), std::vector<int>{1});
  EXPECT_TRUE(store_->Heartbeat("s", "other")->empty());
  ASSERT_TRUE(store_->FinishTrial("s", Ended(1, TrialState::kFailed)).ok());
  EXPECT_TRUE(store_->Heartbeat("s", "w")->empty());
  EXPECT_EQ(store_->RequestTrialStop("s", 1).code(), StatusCode::kNotFound);
}

TEST_P(StoreContractTest, StartTrialConvenienceHasNoBudget) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", kMin).ok());
  EXPECT_EQ(*store_->StartTrial("s", {{"x", 1, ""}}, ""), 0);
  EXPECT_EQ(*store_->StartTrial("s", {{"x", 1, ""}}, "clone of 0"), 1);
  const auto trials = *store_->Trials("s");
  EXPECT_EQ(trials[1].origin, "clone of 0");
  EXPECT_EQ(trials[1].worker, kLocalWorker);
}

StoreFactory MemoryFactory() {
  return {"Memory", [](const std::string&) -> Result<std::unique_ptr<StudyStore>> {
            return MakeMemoryStudyStore();
          },
          false};
}

StoreFactory SqliteFactory() {
  return {"Sqlite",
          [](const std::string& dir) { return OpenSqliteStudyStore(dir + "/studies.db"); }, true};
}

INSTANTIATE_TEST_SUITE_P(Local, StoreContractTest,
                         ::testing::Values(MemoryFactory(), SqliteFactory()), StoreFactoryName);

TEST(WorkerIdTest, CarriesHostAndPidAndDiffersEachTime) {
  const std::string a = MakeWorkerId();
  const std::string b = MakeWorkerId();
  EXPECT_NE(a, b);
  auto parsed = ParseWorkerId(a);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->pid, static_cast<int>(::getpid()));
  EXPECT_FALSE(parsed->host.empty());
  EXPECT_FALSE(ParseWorkerId("local").has_value());
  EXPECT_FALSE(ParseWorkerId("h:x1:ff").has_value());
}

}  // namespace store_contract_test
}  // namespace optiscope::store_testing
