#include "engine/runs/run_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "engine/search/sqlite_statement.h"
#include "engine/search/storage.h"

namespace optiscope {
namespace {

using sqlite_store::Stmt;

// Version 1: one row per run, one row per epoch of a run's curve.
constexpr const char* kRunSchemaV1 = R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  mode TEXT NOT NULL,
  started INTEGER NOT NULL,
  description TEXT NOT NULL,
  status TEXT NOT NULL,
  summary TEXT NOT NULL,
  result TEXT NOT NULL,
  metric TEXT NOT NULL,
  steps INTEGER NOT NULL,
  total_steps INTEGER NOT NULL,
  seconds REAL,
  config TEXT NOT NULL);
CREATE TABLE run_epochs (
  run_id INTEGER NOT NULL,
  epoch INTEGER NOT NULL,
  train_loss REAL,
  val_loss REAL,
  train_metric REAL,
  val_metric REAL,
  PRIMARY KEY (run_id, epoch));
)sql";

constexpr const char* kRunColumns =
    "id, mode, started, description, status, summary, result, metric, steps, total_steps, "
    "seconds, config";

// Reads the columns of kRunColumns (in that order) from the current row of `q`.
Status ReadRunRow(const Stmt& q, RunRecord* run) {
  run->id = q.Int(0);
  run->mode = q.Text(1);
  run->started_unix = q.Int(2);
  run->description = q.Text(3);
  run->status = q.Text(4);
  run->summary = q.Text(5);
  run->result = q.Text(6);
  run->metric_name = q.Text(7);
  const std::string where = "run " + std::to_string(run->id) + ": ";
  OPTISCOPE_RETURN_IF_ERROR(
      sqlite_store::CheckedInt(q.Int(8), (where + "steps").c_str(), &run->steps));
  OPTISCOPE_RETURN_IF_ERROR(
      sqlite_store::CheckedInt(q.Int(9), (where + "total_steps").c_str(), &run->total_steps));
  run->seconds = q.Double(10);
  run->config_json = q.Text(11);
  return Status::Ok();
}

}  // namespace

std::string DefaultRunStorePath() {
  return (std::filesystem::path(DefaultSqlitePath()).parent_path() / "runs.db").string();
}

Result<std::unique_ptr<RunStore>> RunStore::Open(const std::string& path) {
  auto opened = sqlite_store::OpenSqliteFile(path, "the runs file", 2000);
  if (!opened.ok()) return opened.status();
  sqlite3* db = *opened;
  std::unique_ptr<RunStore> store(new RunStore(db, path));
  OPTISCOPE_RETURN_IF_ERROR(store->CreateOrCheckSchema());
  return Result<std::unique_ptr<RunStore>>(std::move(store));
}

RunStore::~RunStore() { sqlite3_close_v2(db_); }

Status RunStore::Exec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) == SQLITE_OK) return Status::Ok();
  const std::string message = error != nullptr ? error : sqlite3_errmsg(db_);
  sqlite3_free(error);
  return Status::IoError(path_ + ": " + message);
}

Status RunStore::Error(const std::string& what) const {
  return Status::IoError(path_ + ": " + what + ": " + sqlite3_errmsg(db_));
}

// Called once, from Open, before anyone else has the store.
Status RunStore::CreateOrCheckSchema() {
  // The first statement that reads the file tells SQLite from anything else.
  Status begin = Exec("BEGIN IMMEDIATE");
  if (!begin.ok()) {
    const int code = sqlite3_errcode(db_);
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
      return Status::ParseError(path_ + ": not an Optiscope runs file: " + sqlite3_errmsg(db_));
    }
    return begin;
  }
  auto fail = [this](Status s) {
    const int code = sqlite3_errcode(db_);
    const std::string reason = sqlite3_errmsg(db_);
    (void)Exec("ROLLBACK");  // the error in hand is the one to report
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
      return Status::ParseError(path_ + ": not an Optiscope runs file: " + reason);
    }
    return s;
  };
  if (Status s = Exec("CREATE TABLE IF NOT EXISTS run_schema_version (version INTEGER NOT NULL)");
      !s.ok()) {
    return fail(s);
  }
  int64_t version = 0;
  {
    Stmt q(db_, "SELECT MAX(version) FROM run_schema_version");
    if (q.Step() != SQLITE_ROW) return fail(Error("cannot read the schema version"));
    if (!q.IsNull(0)) version = q.Int(0);
  }
  if (version > kRunStoreSchemaVersion) {
    (void)Exec("ROLLBACK");  // nothing was changed
    return Status::InvalidArgument(path_ + ": runs schema version " + std::to_string(version) +
                                   " is newer than this build reads (" +
                                   std::to_string(kRunStoreSchemaVersion) +
                                   "); use a newer optiscope");
  }
  if (version < 1) {
    if (Status s = Exec(kRunSchemaV1); !s.ok()) return fail(s);
    if (Status s = Exec("DELETE FROM run_schema_version; "
                        "INSERT INTO run_schema_version(version) VALUES (1)");
        !s.ok()) {
      return fail(s);
    }
  }
  // A file with these tables but other columns (someone else's "runs") fails here, not later.
  const std::string runs_probe = std::string("SELECT ") + kRunColumns + " FROM runs LIMIT 0";
  for (const std::string& sql :
       {runs_probe, std::string("SELECT run_id, epoch, train_loss, val_loss, train_metric, "
                                "val_metric FROM run_epochs LIMIT 0")}) {
    Stmt probe(db_, sql.c_str());
    if (!probe.ok()) {
      return fail(
          Status::ParseError(path_ + ": not an Optiscope runs file: " + sqlite3_errmsg(db_)));
    }
  }
  return Exec("COMMIT");
}

Result<int64_t> RunStore::Add(const RunRecord& run) {
  std::set<int> seen;
  for (const RunEpoch& e : run.epochs) {
    if (!seen.insert(e.epoch).second) {
      return Status::InvalidArgument("run epochs: epoch " + std::to_string(e.epoch) +
                                     " appears twice");
    }
  }
  std::lock_guard lock(mu_);
  OPTISCOPE_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  auto fail = [this](Status s) {
    (void)Exec("ROLLBACK");  // the error in hand is the one to report
    return s;
  };
  Stmt insert(db_,
              "INSERT INTO runs (mode, started, description, status, summary, result, metric, "
              "steps, total_steps, seconds, config) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, run.mode)
      .Bind(2, run.started_unix)
      .Bind(3, run.description)
      .Bind(4, run.status)
      .Bind(5, run.summary)
      .Bind(6, run.result)
      .Bind(7, run.metric_name)
      .Bind(8, run.steps)
      .Bind(9, run.total_steps)
      .Bind(10, run.seconds)
      .Bind(11, run.config_json);
  if (insert.Step() != SQLITE_DONE) return fail(Error("cannot store the run"));
  const int64_t id = sqlite3_last_insert_rowid(db_);
  for (const RunEpoch& e : run.epochs) {
    Stmt row(db_,
             "INSERT INTO run_epochs (run_id, epoch, train_loss, val_loss, train_metric, "
             "val_metric) VALUES (?, ?, ?, ?, ?, ?)");
    row.Bind(1, id).Bind(2, e.epoch).Bind(3, e.train_loss).Bind(4, e.val_loss);
    row.Bind(5, e.train_metric).Bind(6, e.val_metric);
    if (row.Step() != SQLITE_DONE) return fail(Error("cannot store the run's epochs"));
  }
  OPTISCOPE_RETURN_IF_ERROR(Exec("COMMIT"));
  return id;
}

Result<std::vector<RunRecord>> RunStore::List(int limit) {
  std::lock_guard lock(mu_);
  const std::string sql = std::string("SELECT ") + kRunColumns +
                          " FROM (SELECT * FROM runs ORDER BY id DESC LIMIT ?) ORDER BY id";
  Stmt q(db_, sql.c_str());
  q.Bind(1, std::max(1, limit));
  std::vector<RunRecord> runs;
  int rc = SQLITE_ROW;
  while ((rc = q.Step()) == SQLITE_ROW) {
    RunRecord run;
    if (Status s = ReadRunRow(q, &run); !s.ok()) {
      return Status::ParseError(path_ + ": " + s.message());
    }
    runs.push_back(std::move(run));
  }
  if (rc != SQLITE_DONE) return Error("cannot list the runs");
  return runs;
}

Result<RunRecord> RunStore::Get(int64_t id) {
  std::lock_guard lock(mu_);
  RunRecord run;
  {
    const std::string sql = std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?";
    Stmt q(db_, sql.c_str());
    q.Bind(1, id);
    const int rc = q.Step();
    if (rc == SQLITE_DONE) return Status::NotFound(path_ + ": no run " + std::to_string(id));
    if (rc != SQLITE_ROW) return Error("cannot read run " + std::to_string(id));
    if (Status s = ReadRunRow(q, &run); !s.ok()) {
      return Status::ParseError(path_ + ": " + s.message());
    }
  }
  Stmt q(db_,
         "SELECT epoch, train_loss, val_loss, train_metric, val_metric FROM run_epochs "
         "WHERE run_id = ? ORDER BY epoch");
  q.Bind(1, id);
  int rc = SQLITE_ROW;
  while ((rc = q.Step()) == SQLITE_ROW) {
    RunEpoch e;
    const std::string what = "run " + std::to_string(id) + ": epoch";
    if (Status s = sqlite_store::CheckedInt(q.Int(0), what.c_str(), &e.epoch); !s.ok()) {
      return Status::ParseError(path_ + ": " + s.message());
    }
    e.train_loss = q.Double(1);
    e.val_loss = q.Double(2);
    e.train_metric = q.Double(3);
    e.val_metric = q.Double(4);
    run.epochs.push_back(e);
  }
  if (rc != SQLITE_DONE) return Error("cannot read the epochs of run " + std::to_string(id));
  return run;
}

Status RunStore::Remove(int64_t id) {
  std::lock_guard lock(mu_);
  OPTISCOPE_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  Stmt epochs(db_, "DELETE FROM run_epochs WHERE run_id = ?");
  epochs.Bind(1, id);
  Stmt run(db_, "DELETE FROM runs WHERE id = ?");
  run.Bind(1, id);
  if (epochs.Step() != SQLITE_DONE || run.Step() != SQLITE_DONE) {
    const Status error = Error("cannot delete run " + std::to_string(id));
    (void)Exec("ROLLBACK");  // the error in hand is the one to report
    return error;
  }
  return Exec("COMMIT");
}

}  // namespace optiscope
