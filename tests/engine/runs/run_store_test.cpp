// The runs file of the Runs list: a run and its curve survive a round trip and a reopen, ids only
// grow, the schema version is written and a newer one refused, and files that are not runs files
// (garbage, someone else's SQLite tables, out-of-range values) are errors naming the file.
#include "engine/runs/run_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

#include "tests/engine/search/study_test_util.h"

namespace optiscope {
namespace run_store_test {

RunRecord SampleRun(double lr) {
  RunRecord run;
  run.mode = "train";
  run.started_unix = 1765000000;
  run.description = "iris: mlp 16 relu, adam lr=" + std::to_string(lr);
  run.status = "ok";
  run.summary = "Run ok after 3 epochs in 0.10 s";
  run.result = "accuracy 0.9667";
  run.metric_name = "accuracy";
  run.steps = 3;
  run.total_steps = 3;
  run.seconds = 0.1;
  run.config_json = "{\"optimizer\": {\"lr\": " + std::to_string(lr) + "}}";
  for (int e = 1; e <= 3; ++e) {
    RunEpoch epoch;
    epoch.epoch = e;
    epoch.train_loss = 1.0 / e;
    epoch.val_loss = 1.1 / e;
    epoch.train_metric = 0.5 + 0.1 * e;
    epoch.val_metric = e == 2 ? std::nan("") : 0.45 + 0.1 * e;  // a gap stays a gap
    run.epochs.push_back(epoch);
  }
  return run;
}

// Runs `sql` on the file at `path` with SQLite directly (to build hostile files).
void ExecOnFile(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

TEST(RunStore, RoundTripKeepsEveryFieldAndTheCurve) {
  study_testing::TempDir dir;
  auto store = RunStore::Open(dir.File("runs.db"));
  ASSERT_TRUE(store.ok()) << store.status().message();
  const RunRecord sent = SampleRun(0.001);
  Result<int64_t> id = (*store)->Add(sent);
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_GT(*id, 0);

  Result<RunRecord> got = (*store)->Get(*id);
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->mode, sent.mode);
  EXPECT_EQ(got->started_unix, sent.started_unix);
  EXPECT_EQ(got->description, sent.description);
  EXPECT_EQ(got->status, sent.status);
  EXPECT_EQ(got->summary, sent.summary);
  EXPECT_EQ(got->result, sent.result);
  EXPECT_EQ(got->metric_name, sent.metric_name);
  EXPECT_EQ(got->steps, 3);
  EXPECT_EQ(got->total_steps, 3);
  EXPECT_DOUBLE_EQ(got->seconds, 0.1);
  EXPECT_EQ(got->config_json, sent.config_json);
  ASSERT_EQ(got->epochs.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(got->epochs[i].epoch, sent.epochs[i].epoch);
    EXPECT_DOUBLE_EQ(got->epochs[i].train_loss, sent.epochs[i].train_loss);
    EXPECT_DOUBLE_EQ(got->epochs[i].val_loss, sent.epochs[i].val_loss);
    EXPECT_DOUBLE_EQ(got->epochs[i].train_metric, sent.epochs[i].train_metric);
  }
  EXPECT_TRUE(std::isnan(got->epochs[1].val_metric));
  EXPECT_DOUBLE_EQ(got->epochs[2].val_metric, sent.epochs[2].val_metric);
}

TEST(RunStore, RunsPersistAcrossReopenInOrderWithoutTheirCurves) {
  study_testing::TempDir dir;
  const std::string path = dir.File("sub/folder/runs.db");  // folders are created
  int64_t first = 0;
  int64_t second = 0;
  {
    auto store = RunStore::Open(path);
    ASSERT_TRUE(store.ok()) << store.status().message();
    first = (*store)->Add(SampleRun(0.001)).value();
    RunRecord race = SampleRun(0.003);
    race.mode = "race";
    race.epochs.clear();
    second = (*store)->Add(race).value();
  }
  EXPECT_GT(second, first);
  auto store = RunStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  Result<std::vector<RunRecord>> runs = (*store)->List();
  ASSERT_TRUE(runs.ok()) << runs.status().message();
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].id, first);
  EXPECT_EQ((*runs)[1].id, second);
  EXPECT_EQ((*runs)[1].mode, "race");
  EXPECT_TRUE((*runs)[0].epochs.empty());  // List leaves the curves to Get
  EXPECT_EQ((*store)->Get(first)->epochs.size(), 3u);

  // The newest `limit`, oldest first.
  Result<std::vector<RunRecord>> newest = (*store)->List(1);
  ASSERT_TRUE(newest.ok());
  ASSERT_EQ(newest->size(), 1u);
  EXPECT_EQ((*newest)[0].id, second);

  // Remove takes the run and its epochs; a later run gets a new id, never a reused one.
  ASSERT_TRUE((*store)->Remove(second).ok());
  ASSERT_TRUE((*store)->Remove(second).ok());  // already gone: still ok
  EXPECT_EQ((*store)->Get(second).status().code(), StatusCode::kNotFound);
  EXPECT_GT((*store)->Add(SampleRun(0.01)).value(), second);
  EXPECT_EQ((*store)->List()->size(), 2u);
}

TEST(RunStore, WritesItsSchemaVersionAndRefusesANewerOne) {
  study_testing::TempDir dir;
  const std::string path = dir.File("runs.db");
  ASSERT_TRUE(RunStore::Open(path).ok());
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* q = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT version FROM run_schema_version", -1, &q, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(q, 0), kRunStoreSchemaVersion);
    EXPECT_EQ(sqlite3_step(q), SQLITE_DONE);  // one row
    sqlite3_finalize(q);
    sqlite3_close(db);
  }
  ExecOnFile(path, "UPDATE run_schema_version SET version = 99");
  auto reopened = RunStore::Open(path);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(reopened.status().message().find("schema version 99 is newer"), std::string::npos)
      << reopened.status().message();
  EXPECT_NE(reopened.status().message().find(path), std::string::npos);
}

TEST(RunStore, AFileThatIsNotSqliteIsAnErrorNamingIt) {
  study_testing::TempDir dir;
  const std::string path = dir.File("runs.db");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 300; ++i) out << "this is not a database, it is a text file\n";
  }
  auto store = RunStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kParseError);
  EXPECT_EQ(store.status().message().rfind(path + ": not an Optiscope runs file", 0), 0u)
      << store.status().message();
}

TEST(RunStore, SomeoneElsesTablesAreAnErrorNotACrash) {
  study_testing::TempDir dir;
  const std::string path = dir.File("runs.db");
  ExecOnFile(path,
             "CREATE TABLE run_schema_version (version INTEGER NOT NULL);"
             "INSERT INTO run_schema_version VALUES (1);"
             "CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT);"
             "CREATE TABLE run_epochs (x INTEGER);");
  auto store = RunStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("not an Optiscope runs file"), std::string::npos)
      << store.status().message();
}

TEST(RunStore, OutOfRangeValuesAreErrorsNamingTheRun) {
  study_testing::TempDir dir;
  const std::string path = dir.File("runs.db");
  int64_t id = 0;
  {
    auto store = RunStore::Open(path);
    ASSERT_TRUE(store.ok());
    id = (*store)->Add(SampleRun(0.001)).value();
  }
  ExecOnFile(path, "UPDATE run_epochs SET epoch = 9223372036854775807 WHERE epoch = 3");
  auto store = RunStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  Result<RunRecord> got = (*store)->Get(id);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("run " + std::to_string(id) + ": epoch"), std::string::npos)
      << got.status().message();
  ExecOnFile(path, "UPDATE runs SET steps = -9223372036854775807");
  Result<std::vector<RunRecord>> runs = (*store)->List();
  ASSERT_FALSE(runs.ok());
  EXPECT_NE(runs.status().message().find("steps"), std::string::npos) << runs.status().message();
}

TEST(RunStore, ARepeatedEpochIsRefusedAndNothingIsStored) {
  study_testing::TempDir dir;
  auto store = RunStore::Open(dir.File("runs.db"));
  ASSERT_TRUE(store.ok());
  RunRecord run = SampleRun(0.001);
  run.epochs.push_back(run.epochs.front());
  EXPECT_EQ((*store)->Add(run).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE((*store)->List()->empty());
}

TEST(RunStore, DefaultPathIsBesideTheStudyFile) {
  const char* old = std::getenv("XDG_DATA_HOME");
  const std::string saved = old ? old : "";
  ::setenv("XDG_DATA_HOME", "/tmp/optiscope-xdg", 1);
  EXPECT_EQ(DefaultRunStorePath(), "/tmp/optiscope-xdg/optiscope/runs.db");
  if (old) {
    ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("XDG_DATA_HOME");
  }
}

}  // namespace run_store_test
}  // namespace optiscope
