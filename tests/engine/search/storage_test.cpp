// StudyStore: the same contract for the in-memory and SQLite stores (round trip, numbering,
// recovery of trials left running), plus SQLite durability across reopen and schema versioning.
#include "engine/search/storage.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <cmath>
#include <limits>

#include "tests/engine/search/study_test_util.h"

namespace optiscope {
namespace storage_test {

using study_testing::TempDir;

class StoreTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      auto store = OpenStudyStore("sqlite:" + dir_.File("s.db"));
      ASSERT_TRUE(store.ok()) << store.status().message();
      store_ = std::move(*store);
    } else {
      store_ = MakeMemoryStudyStore();
    }
  }
  TempDir dir_;
  std::unique_ptr<StudyStore> store_;
};

TEST_P(StoreTest, RoundTripsTrialsInNumberOrder) {
  auto info = store_->CreateOrOpenStudy("s", "{\"n_trials\":3}",
                                        {Direction::kMaximize, Direction::kMinimize});
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->n_trials, 0);
  const std::vector<TrialParam> params = {{"lr", 0.01, ""}, {"opt", 1, "adam"}};
  ASSERT_EQ(*store_->StartTrial("s", params, ""), 0);
  ASSERT_EQ(*store_->StartTrial("s", params, "clone of 0"), 1);
  ASSERT_TRUE(store_->ReportIntermediate("s", 0, 1, 0.5).ok());
  ASSERT_TRUE(store_->ReportIntermediate("s", 0, 2, 0.75).ok());
  TrialRecord done;
  done.number = 0;
  done.state = TrialState::kComplete;
  done.values = {0.75, 1234};
  done.seconds = 1.5;
  ASSERT_TRUE(store_->FinishTrial("s", done).ok());
  TrialRecord failed;
  failed.number = 1;
  failed.state = TrialState::kFailed;
  failed.values = {std::numeric_limits<double>::quiet_NaN()};
  failed.reason = "loss became NaN at epoch 3, batch 4";
  ASSERT_TRUE(store_->FinishTrial("s", failed).ok());

  auto trials = store_->Trials("s");
  ASSERT_TRUE(trials.ok());
  ASSERT_EQ(trials->size(), 2u);
  const TrialRecord& t0 = (*trials)[0];
  EXPECT_EQ(t0.state, TrialState::kComplete);
  EXPECT_EQ(t0.params, params);
  EXPECT_EQ(t0.values, (std::vector<double>{0.75, 1234}));
  EXPECT_EQ(t0.intermediate, (std::vector<std::pair<int, double>>{{1, 0.5}, {2, 0.75}}));
  EXPECT_DOUBLE_EQ(t0.seconds, 1.5);
  const TrialRecord& t1 = (*trials)[1];
  EXPECT_EQ(t1.state, TrialState::kFailed);
  EXPECT_EQ(t1.reason, "loss became NaN at epoch 3, batch 4");
  EXPECT_EQ(t1.origin, "clone of 0");
  ASSERT_EQ(t1.values.size(), 1u);
  EXPECT_TRUE(std::isnan(t1.values[0]));

  auto again = store_->GetStudy("s");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->spec_json, "{\"n_trials\":3}");
  EXPECT_EQ(again->directions, (std::vector<Direction>{Direction::kMaximize, Direction::kMinimize}));
  EXPECT_EQ(again->n_trials, 2);
  EXPECT_EQ(again->n_complete, 1);
}

TEST_P(StoreTest, ReopeningKeepsTheStoredSpecAndRunningTrials) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("s", "{}", {Direction::kMinimize}).ok());
  ASSERT_TRUE(store_->StartTrial("s", {}, "").ok());
  auto info = store_->CreateOrOpenStudy("s", "{\"other\":1}", {Direction::kMaximize});
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->spec_json, "{}");  // the stored spec wins
  auto trials = store_->Trials("s");
  ASSERT_EQ(trials->size(), 1u);
  // Another process may be running it: only FailStaleTrials decides it is dead.
  EXPECT_EQ((*trials)[0].state, TrialState::kRunning);
}

TEST_P(StoreTest, UnknownStudyIsNotFoundAndListsNames) {
  ASSERT_TRUE(store_->CreateOrOpenStudy("alpha", "{}", {Direction::kMinimize}).ok());
  auto missing = store_->Trials("beta");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("alpha"), std::string::npos);
  auto list = store_->ListStudies();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "alpha");
}

INSTANTIATE_TEST_SUITE_P(MemoryAndSqlite, StoreTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Sqlite" : "Memory"; });

TEST(SqliteStoreTest, TrialsSurviveReopenInWalMode) {
  TempDir dir;
  const std::string path = dir.File("nested/dir/studies.db");
  {
    auto store = OpenSqliteStudyStore(path);
    ASSERT_TRUE(store.ok()) << store.status().message();
    ASSERT_TRUE((*store)->CreateOrOpenStudy("s", "{}", {Direction::kMinimize}).ok());
    ASSERT_TRUE((*store)->StartTrial("s", {{"x", 2.5, ""}}, "").ok());
    TrialRecord r;
    r.state = TrialState::kComplete;
    r.values = {3.0};
    ASSERT_TRUE((*store)->FinishTrial("s", r).ok());
  }
  auto store = OpenSqliteStudyStore(path);
  ASSERT_TRUE(store.ok());
  auto trials = (*store)->Trials("s");
  ASSERT_EQ(trials->size(), 1u);
  EXPECT_EQ((*trials)[0].values, std::vector<double>{3.0});
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST(SqliteStoreTest, NewerSchemaIsRefusedWithAClearMessage) {
  TempDir dir;
  const std::string path = dir.File("future.db");
  ASSERT_TRUE(OpenSqliteStudyStore(path).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO schema_version(version) VALUES (99)", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto store = OpenSqliteStudyStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("schema version 99 is newer"), std::string::npos)
      << store.status().message();
}

TEST(SqliteStoreTest, VersionOneFilesAreUpgradedAndTheirOrphanTrialsRecovered) {
  TempDir dir;
  const std::string path = dir.File("v1.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const char* v1 = R"sql(
    CREATE TABLE schema_version (version INTEGER NOT NULL);
    INSERT INTO schema_version VALUES (1);
    CREATE TABLE studies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, spec TEXT NOT NULL,
      directions TEXT NOT NULL, created TEXT NOT NULL DEFAULT (datetime('now')));
    CREATE TABLE trials (id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL, number INTEGER NOT NULL,
      state TEXT NOT NULL, params TEXT NOT NULL, trial_values TEXT NOT NULL DEFAULT '[]',
      reason TEXT NOT NULL DEFAULT '', seconds REAL NOT NULL DEFAULT 0,
      origin TEXT NOT NULL DEFAULT '', UNIQUE (study_id, number));
    CREATE TABLE intermediate (trial_id INTEGER NOT NULL, step INTEGER NOT NULL, value REAL,
      PRIMARY KEY (trial_id, step));
    INSERT INTO studies(id, name, spec, directions) VALUES (1, 'old', '{}', '["minimize"]');
    INSERT INTO trials(study_id, number, state, params, trial_values)
      VALUES (1, 0, 'complete', '[{"name":"x","value":1}]', '[2.5]');
    INSERT INTO trials(study_id, number, state, params, reason)
      VALUES (1, 1, 'failed', '[]', 'process ended while running');
    INSERT INTO trials(study_id, number, state, params) VALUES (1, 2, 'running', '[]');
  )sql";
  ASSERT_EQ(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
  auto store = OpenSqliteStudyStore(path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto trials = (*store)->Trials("old");
  ASSERT_TRUE(trials.ok()) << trials.status().message();
  ASSERT_EQ(trials->size(), 3u);
  EXPECT_EQ((*trials)[0].values, std::vector<double>{2.5});
  EXPECT_TRUE((*trials)[0].uses_budget);
  EXPECT_FALSE((*trials)[1].uses_budget);  // a dead process's trial never used budget
  EXPECT_EQ((*trials)[2].state, TrialState::kRunning);
  // The running trial has no owner: the first stale check fails it.
  StalePolicy policy;
  policy.grace_s = 3600;
  EXPECT_EQ(*(*store)->FailStaleTrials("old", policy), std::vector<int>{2});
  // Reopening an upgraded file changes nothing.
  store = OpenSqliteStudyStore(path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ((*store)->Trials("old")->size(), 3u);
}

TEST(StoreUrlTest, DefaultPathFollowsXdgDataHome) {
  const char* old = ::getenv("XDG_DATA_HOME");
  const std::string saved = old ? old : "";
  ::setenv("XDG_DATA_HOME", "/tmp/xdg-test", 1);
  EXPECT_EQ(DefaultSqlitePath(), "/tmp/xdg-test/optiscope/studies.db");
  if (old) {
    ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("XDG_DATA_HOME");
  }
  auto bad = OpenStudyStore("mysql://x");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("expected memory, sqlite, sqlite:PATH or postgresql://"),
            std::string::npos);
}

}  // namespace storage_test
}  // namespace optiscope
