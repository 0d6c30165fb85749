// SqliteStudyStore: studies in one SQLite file (WAL mode, schema versioned). Each mutating call is
// one BEGIN IMMEDIATE transaction, so several processes share the file safely: the budget check
// and the insert of a new trial cannot interleave, and a finished trial is on disk when
// FinishTrial returns. Timestamps are this machine's clock (unix seconds); see storage.h.
#include <sqlite3.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <nlohmann/json.hpp>

#include "engine/search/sqlite_statement.h"
#include "engine/search/storage.h"
#include "engine/search/storage_postgres.h"

namespace optiscope {
namespace {

using Json = nlohmann::json;
using sqlite_store::ParamsJson;
using sqlite_store::CheckedInt;
using sqlite_store::ParseDirections;
using sqlite_store::ReadTrialColumns;
using sqlite_store::Stmt;
using sqlite_store::ValuesJson;

// Version 1 (the first release); MigrateToV2 adds what several processes need.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS studies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,
  directions TEXT NOT NULL,
  created TEXT NOT NULL DEFAULT (datetime('now')));
CREATE TABLE IF NOT EXISTS trials (
  id INTEGER PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies(id),
  number INTEGER NOT NULL,
  state TEXT NOT NULL,
  params TEXT NOT NULL,
  trial_values TEXT NOT NULL DEFAULT '[]',
  reason TEXT NOT NULL DEFAULT '',
  seconds REAL NOT NULL DEFAULT 0,
  origin TEXT NOT NULL DEFAULT '',
  UNIQUE (study_id, number));
CREATE TABLE IF NOT EXISTS intermediate (
  trial_id INTEGER NOT NULL REFERENCES trials(id),
  step INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (trial_id, step));
)sql";

// Version 2: change counters, owners, budget flags, retry chains, workers and steering records.
// Trials a version-1 process left running have no owner, so FailStaleTrials recovers them.
constexpr const char* kMigrateToV2 = R"sql(
ALTER TABLE studies ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE studies ADD COLUMN control_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trials ADD COLUMN worker TEXT NOT NULL DEFAULT '';
ALTER TABLE trials ADD COLUMN uses_budget INTEGER NOT NULL DEFAULT 1;
ALTER TABLE trials ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trials ADD COLUMN stop_requested INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trials ADD COLUMN retry_root INTEGER;
ALTER TABLE trials ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
UPDATE trials SET uses_budget = 0
  WHERE state = 'failed' AND reason = 'process ended while running';
CREATE INDEX IF NOT EXISTS trials_by_version ON trials(study_id, version);
CREATE INDEX IF NOT EXISTS trials_by_state ON trials(study_id, state);
CREATE TABLE IF NOT EXISTS workers (
  study_id INTEGER NOT NULL REFERENCES studies(id),
  id TEXT NOT NULL,
  heartbeat REAL NOT NULL,
  ended INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (study_id, id));
CREATE TABLE IF NOT EXISTS control (
  study_id INTEGER NOT NULL REFERENCES studies(id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (study_id, key));
)sql";

// The store's clock in SQL: unix seconds with millisecond resolution.
#define OPTISCOPE_SQL_NOW "((julianday('now') - 2440587.5) * 86400.0)"

constexpr const char* kSqliteTrialColumns =
    "t.id, t.number, t.state, t.params, t.trial_values, t.reason, t.seconds, t.origin, t.worker, "
    "t.uses_budget";

class SqliteStudyStore final : public StudyStore {
 public:
  SqliteStudyStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  ~SqliteStudyStore() override { sqlite3_close_v2(db_); }

  Result<StudyInfo> CreateOrOpenStudy(const std::string& name, const std::string& spec_json,
                                      const std::vector<Direction>& directions) override {
    std::lock_guard lock(mu_);
    OPTISCOPE_RETURN_IF_ERROR(TxLocked([&]() -> Status {
      if (StudyIdLocked(name) >= 0) return Status::Ok();
      Json dirs = Json::array();
      for (Direction d : directions) dirs.push_back(DirectionName(d));
      Stmt insert(db_, "INSERT INTO studies(name, spec, directions) VALUES (?, ?, ?)");
      insert.Bind(1, name).Bind(2, spec_json).Bind(3, dirs.dump());
      if (insert.Step() != SQLITE_DONE) return ErrorLocked("cannot create study " + name);
      return Status::Ok();
    }));
    return InfoLocked(name);
  }

  Result<StudyInfo> GetStudy(const std::string& name) override {
    std::lock_guard lock(mu_);
    return InfoLocked(name);
  }

  Result<std::vector<StudyInfo>> ListStudies() override {
    std::lock_guard lock(mu_);
    std::vector<std::string> names;
    {
      Stmt q(db_, "SELECT name FROM studies ORDER BY name");
      while (q.Step() == SQLITE_ROW) names.push_back(q.Text(0));
    }
    std::vector<StudyInfo> out;
    for (const std::string& n : names) {
      auto info = InfoLocked(n);
      if (!info.ok()) return info.status();
      out.push_back(*std::move(info));
    }
    return out;
  }

  Status UpdateStudySpec(const std::string& name, const std::string& spec_json) override {
    std::lock_guard lock(mu_);
    return TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(name);
      if (id < 0) return NotFoundLocked(name);
      Stmt q(db_, "UPDATE studies SET spec = ?, version = version + 1 WHERE id = ?");
      q.Bind(1, spec_json).Bind(2, id);
      if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot update the spec of " + name);
      return Status::Ok();
    });
  }

  Status RegisterWorker(const std::string& study, const std::string& worker) override {
    std::lock_guard lock(mu_);
    return TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      return TouchWorkerLocked(id, worker);
    });
  }

  Result<std::vector<int>> Heartbeat(const std::string& study, const std::string& worker) override {
    std::lock_guard lock(mu_);
    std::vector<int> stop;
    OPTISCOPE_RETURN_IF_ERROR(TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      OPTISCOPE_RETURN_IF_ERROR(TouchWorkerLocked(id, worker));
      Stmt q(db_,
             "SELECT number FROM trials WHERE study_id = ? AND worker = ? AND state = 'running' "
             "AND stop_requested = 1 ORDER BY number");
      q.Bind(1, id).Bind(2, worker);
      while (q.Step() == SQLITE_ROW) stop.push_back(static_cast<int>(q.Int(0)));
      return Status::Ok();
    }));
    return stop;
  }

  Status EndWorker(const std::string& study, const std::string& worker) override {
    std::lock_guard lock(mu_);
    return TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      Stmt q(db_, "UPDATE workers SET ended = 1 WHERE study_id = ? AND id = ?");
      q.Bind(1, id).Bind(2, worker);
      if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot end worker " + worker);
      return Status::Ok();
    });
  }

  Result<std::vector<WorkerRecord>> Workers(const std::string& study) override {
    std::lock_guard lock(mu_);
    const int64_t id = StudyIdLocked(study);
    if (id < 0) return NotFoundLocked(study);
    std::vector<WorkerRecord> out;
    Stmt q(db_, "SELECT id, " OPTISCOPE_SQL_NOW
                " - heartbeat, ended FROM workers WHERE study_id = ? ORDER BY id");
    q.Bind(1, id);
    while (q.Step() == SQLITE_ROW) {
      WorkerRecord w;
      w.id = q.Text(0);
      w.heartbeat_age_s = std::max(0.0, q.Double(1));
      w.ended = q.Int(2) != 0;
      out.push_back(std::move(w));
    }
    return out;
  }

  Result<std::optional<TrialRecord>> ReserveTrial(const std::string& study,
                                                  const TrialReservation& r) override {
    std::lock_guard lock(mu_);
    std::optional<TrialRecord> out;
    OPTISCOPE_RETURN_IF_ERROR(TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      if (r.claim_waiting) {
        int64_t number = -1;
        {
          Stmt q(db_,
                 "SELECT number FROM trials WHERE study_id = ? AND state = 'waiting' "
                 "ORDER BY number LIMIT 1");
          q.Bind(1, id);
          if (q.Step() == SQLITE_ROW) number = q.Int(0);
        }
        if (number >= 0) {
          const int64_t version = BumpLocked(id);
          Stmt q(db_,
                 "UPDATE trials SET state = 'running', worker = ?, version = ? "
                 "WHERE study_id = ? AND number = ?");
          q.Bind(1, r.worker).Bind(2, version).Bind(3, id).Bind(4, number);
          if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot claim trial");
          out = LoadOneLocked(id, number);
          return Status::Ok();
        }
      }
      if (r.n_trials > 0) {
        Stmt q(db_, "SELECT COUNT(*) FROM trials WHERE study_id = ? AND uses_budget = 1");
        q.Bind(1, id);
        if (q.Step() != SQLITE_ROW) return ErrorLocked("cannot count trials");
        if (q.Int(0) >= r.n_trials) return Status::Ok();
      }
      int64_t number = 0;
      {
        Stmt q(db_, "SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = ?");
        q.Bind(1, id);
        if (q.Step() == SQLITE_ROW) number = q.Int(0);
      }
      const int64_t version = BumpLocked(id);
      Stmt insert(db_,
                  "INSERT INTO trials(study_id, number, state, params, origin, worker, version) "
                  "VALUES (?, ?, 'running', ?, ?, ?, ?)");
      insert.Bind(1, id).Bind(2, number).Bind(3, ParamsJson(r.params)).Bind(4, r.origin);
      insert.Bind(5, r.worker).Bind(6, version);
      if (insert.Step() != SQLITE_DONE) return ErrorLocked("cannot record a trial");
      out = LoadOneLocked(id, number);
      return Status::Ok();
    }));
    return out;
  }

  Status SetTrialParams(const std::string& study, int trial,
                        const std::vector<TrialParam>& params) override {
    std::lock_guard lock(mu_);
    return TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      const int64_t version = BumpLocked(id);
      Stmt q(db_, "UPDATE trials SET params = ?, version = ? WHERE study_id = ? AND number = ?");
      q.Bind(1, ParamsJson(params)).Bind(2, version).Bind(3, id).Bind(4, trial);
      if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot set the parameters of a trial");
      if (sqlite3_changes(db_) != 1) return NoTrial(study, trial);
      return Status::Ok();
    });
  }

  Result<bool> SetTrialParamsUnlessDuplicate(const std::string& study, int trial,
                                             const std::vector<TrialParam>& params) override {
    std::lock_guard lock(mu_);
    bool set = false;
    OPTISCOPE_RETURN_IF_ERROR(TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      const std::string text = ParamsJson(params);
      {
        Stmt q(db_, "SELECT 1 FROM trials WHERE study_id = ? AND params = ? AND number != ? LIMIT 1");
        q.Bind(1, id).Bind(2, text).Bind(3, trial);
        const int rc = q.Step();
        if (rc == SQLITE_ROW) return Status::Ok();
        if (rc != SQLITE_DONE) return ErrorLocked("cannot compare parameters");
      }
      const int64_t version = BumpLocked(id);
      Stmt q(db_, "UPDATE trials SET params = ?, version = ? WHERE study_id = ? AND number = ?");
      q.Bind(1, text).Bind(2, version).Bind(3, id).Bind(4, trial);
      if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot set the parameters of a trial");
      if (sqlite3_changes(db_) != 1) return NoTrial(study, trial);
      set = true;
      return Status::Ok();
    }));
    return set;
  }

  Status ReportIntermediate(const std::string& study, int trial, int step,
                            double value) override {
    std::lock_guard lock(mu_);
    return TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      const int64_t version = BumpLocked(id);
      Stmt touch(db_, "UPDATE trials SET version = ? WHERE study_id = ? AND number = ?");
      touch.Bind(1, version).Bind(2, id).Bind(3, trial);
      if (touch.Step() != SQLITE_DONE) return ErrorLocked("cannot record an intermediate value");
      if (sqlite3_changes(db_) != 1) return NoTrial(study, trial);
      Stmt q(db_,
             "INSERT INTO intermediate(trial_id, step, value) SELECT id, ?, ? FROM trials "
             "WHERE study_id = ? AND number = ? ON CONFLICT(trial_id, step) DO UPDATE SET "
             "value = excluded.value");
      q.Bind(1, step).Bind(2, value).Bind(3, id).Bind(4, trial);
      if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot record an intermediate value");
      return Status::Ok();
    });
  }

  Status FinishTrial(const std::string& study, const TrialRecord& record) override {
    std::lock_guard lock(mu_);
    return TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      const int64_t version = BumpLocked(id);
      Stmt q(db_,
             "UPDATE trials SET state = ?, trial_values = ?, reason = ?, seconds = ?, "
             "uses_budget = ?, version = ? WHERE study_id = ? AND number = ? AND state = "
             "'running'");
      q.Bind(1, std::string(TrialStateName(record.state))).Bind(2, ValuesJson(record.values));
      q.Bind(3, record.reason).Bind(4, record.seconds).Bind(5, record.uses_budget ? 1 : 0);
      q.Bind(6, version).Bind(7, id).Bind(8, record.number);
      if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot record the end of a trial");
      if (sqlite3_changes(db_) == 1) return Status::Ok();
      std::optional<TrialRecord> now = LoadOneLocked(id, record.number);
      if (!now.has_value()) return NoTrial(study, record.number);
      return Status::Cancelled("trial " + std::to_string(record.number) + " of " + study +
                               " is no longer running (" + TrialStateName(now->state) +
                               (now->reason.empty() ? "" : ": " + now->reason) + ")");
    });
  }

  Result<std::vector<int>> FailStaleTrials(const std::string& study,
                                           const StalePolicy& policy) override {
    std::lock_guard lock(mu_);
    std::vector<int> failed;
    OPTISCOPE_RETURN_IF_ERROR(TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      struct Stale {
        int64_t number;
        std::string params;
        int64_t root;
        int64_t retries;
      };
      std::vector<Stale> stale;
      {
        Stmt q(db_, "SELECT t.number, t.worker, t.params, t.retry_root, t.retries, " OPTISCOPE_SQL_NOW
                    " - w.heartbeat, w.ended FROM trials t LEFT JOIN workers w ON "
                    "w.study_id = t.study_id AND w.id = t.worker WHERE t.study_id = ? AND "
                    "t.state = 'running' ORDER BY t.number");
        q.Bind(1, id);
        while (q.Step() == SQLITE_ROW) {
          const std::string worker = q.Text(1);
          bool dead = q.IsNull(5) || q.Int(6) != 0 || q.Double(5) > policy.grace_s;
          for (const std::string& d : policy.dead_workers) dead = dead || d == worker;
          if (!dead) continue;
          stale.push_back({q.Int(0), q.Text(2), q.IsNull(3) ? q.Int(0) : q.Int(3), q.Int(4)});
        }
      }
      for (const Stale& s : stale) {
        const int64_t version = BumpLocked(id);
        Stmt q(db_,
               "UPDATE trials SET state = 'failed', reason = ?, uses_budget = 0, version = ? "
               "WHERE study_id = ? AND number = ?");
        q.Bind(1, std::string(kProcessEndedReason)).Bind(2, version).Bind(3, id).Bind(4, s.number);
        if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot fail a stale trial");
        failed.push_back(static_cast<int>(s.number));
        if (s.retries >= policy.retry_failed) continue;
        Stmt insert(db_,
                    "INSERT INTO trials(study_id, number, state, params, origin, version, "
                    "retry_root, retries) SELECT ?, COALESCE(MAX(number) + 1, 0), 'waiting', ?, "
                    "?, ?, ?, ? FROM trials WHERE study_id = ?");
        insert.Bind(1, id).Bind(2, s.params).Bind(3, "retry of " + std::to_string(s.root));
        insert.Bind(4, version).Bind(5, s.root).Bind(6, s.retries + 1).Bind(7, id);
        if (insert.Step() != SQLITE_DONE) return ErrorLocked("cannot queue a retry");
      }
      return Status::Ok();
    }));
    return failed;
  }

  Status RequestTrialStop(const std::string& study, int trial) override {
    std::lock_guard lock(mu_);
    return TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      const int64_t version = BumpLocked(id);
      Stmt q(db_,
             "UPDATE trials SET stop_requested = 1, version = ? WHERE study_id = ? AND number = ? "
             "AND state = 'running'");
      q.Bind(1, version).Bind(2, id).Bind(3, trial);
      if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot ask a trial to stop");
      if (sqlite3_changes(db_) != 1) {
        return Status::NotFound("trial " + std::to_string(trial) + " of " + study +
                                " is not running");
      }
      return Status::Ok();
    });
  }

  Result<std::vector<TrialRecord>> Trials(const std::string& study) override {
    std::lock_guard lock(mu_);
    std::vector<TrialRecord> out;
    OPTISCOPE_RETURN_IF_ERROR(ReadLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      return LoadLocked(id, "", 0, &out);
    }));
    return out;
  }

  Result<StudyChanges> ChangesSince(const std::string& study, int64_t since) override {
    std::lock_guard lock(mu_);
    StudyChanges out;
    OPTISCOPE_RETURN_IF_ERROR(ReadLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      Stmt q(db_, "SELECT version FROM studies WHERE id = ?");
      q.Bind(1, id);
      if (q.Step() != SQLITE_ROW) return ErrorLocked("cannot read the study version");
      out.version = q.Int(0);
      if (out.version <= since) return Status::Ok();
      return LoadLocked(id, " AND t.version > ?", since, &out.trials);
    }));
    return out;
  }

  Status SetControl(const std::string& study, const std::string& key,
                    const std::string& value) override {
    std::lock_guard lock(mu_);
    return TxLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      const int64_t version = BumpLocked(id);
      Stmt q(db_, "INSERT OR REPLACE INTO control(study_id, key, value) VALUES (?, ?, ?)");
      q.Bind(1, id).Bind(2, key).Bind(3, value);
      if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot set " + key);
      Stmt v(db_, "UPDATE studies SET control_version = ? WHERE id = ?");
      v.Bind(1, version).Bind(2, id);
      if (v.Step() != SQLITE_DONE) return ErrorLocked("cannot set " + key);
      return Status::Ok();
    });
  }

  Result<StudyControl> GetControl(const std::string& study) override {
    std::lock_guard lock(mu_);
    StudyControl out;
    OPTISCOPE_RETURN_IF_ERROR(ReadLocked([&]() -> Status {
      const int64_t id = StudyIdLocked(study);
      if (id < 0) return NotFoundLocked(study);
      Stmt v(db_, "SELECT control_version FROM studies WHERE id = ?");
      v.Bind(1, id);
      if (v.Step() == SQLITE_ROW) out.version = v.Int(0);
      Stmt q(db_, "SELECT key, value FROM control WHERE study_id = ?");
      q.Bind(1, id);
      while (q.Step() == SQLITE_ROW) out.values[q.Text(0)] = q.Text(1);
      return Status::Ok();
    }));
    return out;
  }

  Status ExecLocked(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) == SQLITE_OK) return Status::Ok();
    std::string message = path_ + ": " + (error ? error : "sqlite error");
    sqlite3_free(error);
    return Status::IoError(message);
  }

  // Ends the open transaction after an error, which is the one the caller reports. The rollback's
  // own status is dropped on purpose: when it fails, SQLite has already rolled back (or the
  // connection is broken and the next statement says so).
  void RollbackLocked() { (void)ExecLocked("ROLLBACK"); }

 private:
  // Runs `body` in a write transaction (BEGIN IMMEDIATE: the write lock is taken first, so two
  // processes' read-then-write sequences never interleave); commits when it returns Ok.
  Status TxLocked(const std::function<Status()>& body) { return InTxLocked("BEGIN IMMEDIATE", body); }
  // A read transaction: one consistent snapshot for several SELECTs.
  Status ReadLocked(const std::function<Status()>& body) { return InTxLocked("BEGIN", body); }

  Status InTxLocked(const char* begin, const std::function<Status()>& body) {
    OPTISCOPE_RETURN_IF_ERROR(ExecLocked(begin));
    Status status = body();
    if (!status.ok() && status.code() != StatusCode::kCancelled) {
      RollbackLocked();
      return status;
    }
    Status commit = ExecLocked("COMMIT");
    if (!commit.ok()) {
      RollbackLocked();
      return commit;
    }
    return status;
  }

  Status ErrorLocked(const std::string& what) {
    return Status::IoError(path_ + ": " + what + ": " + sqlite3_errmsg(db_));
  }

  static Status NoTrial(const std::string& study, int trial) {
    return Status::NotFound("no trial " + std::to_string(trial) + " in " + study);
  }

  // Increments the study's change counter; returns the new value (0 on error: the statement
  // that uses it then fails or the commit does).
  int64_t BumpLocked(int64_t id) {
    Stmt q(db_, "UPDATE studies SET version = version + 1 WHERE id = ? RETURNING version");
    q.Bind(1, id);
    return q.Step() == SQLITE_ROW ? q.Int(0) : 0;
  }

  Status TouchWorkerLocked(int64_t id, const std::string& worker) {
    Stmt q(db_, "INSERT INTO workers(study_id, id, heartbeat, ended) VALUES (?, ?, " OPTISCOPE_SQL_NOW
                ", 0) ON CONFLICT(study_id, id) DO UPDATE SET heartbeat = excluded.heartbeat, "
                "ended = 0");
    q.Bind(1, id).Bind(2, worker);
    if (q.Step() != SQLITE_DONE) return ErrorLocked("cannot record worker " + worker);
    return Status::Ok();
  }

  // Trials of study `id` matching `extra` (an SQL condition on the trials table `t` with at most
  // one `?`, bound to `arg`), in number order, with their intermediate values; appended to *out.
  Status LoadLocked(int64_t id, const std::string& extra, int64_t arg,
                    std::vector<TrialRecord>* out) {
    const size_t first = out->size();
    std::vector<int64_t> ids;
    {
      const std::string sql = std::string("SELECT ") + kSqliteTrialColumns +
                              " FROM trials t WHERE t.study_id = ?" + extra + " ORDER BY t.number";
      Stmt q(db_, sql.c_str());
      q.Bind(1, id);
      if (!extra.empty()) q.Bind(2, arg);
      int rc = SQLITE_ROW;
      while ((rc = q.Step()) == SQLITE_ROW) {
        TrialRecord t;
        ids.push_back(q.Int(0));
        if (Status s = ReadTrialColumns(q.Int(1), q.Text(3), q.Text(4), &t); !s.ok()) {
          return Status::ParseError(path_ + ": corrupt study database: " + s.message());
        }
        t.state = ParseTrialState(q.Text(2)).value_or(TrialState::kFailed);
        t.reason = q.Text(5);
        t.seconds = q.Double(6);
        t.origin = q.Text(7);
        t.worker = q.Text(8);
        t.uses_budget = q.Int(9) != 0;
        out->push_back(std::move(t));
      }
      if (rc != SQLITE_DONE) return ErrorLocked("cannot read trials");
    }
    if (ids.empty()) return Status::Ok();
    const std::string sql =
        "SELECT i.trial_id, i.step, i.value FROM intermediate i JOIN trials t ON i.trial_id = "
        "t.id WHERE t.study_id = ?" +
        extra + " ORDER BY t.number, i.rowid";
    Stmt q(db_, sql.c_str());
    q.Bind(1, id);
    if (!extra.empty()) q.Bind(2, arg);
    size_t k = 0;
    while (q.Step() == SQLITE_ROW) {
      const int64_t trial_id = q.Int(0);
      while (k < ids.size() && ids[k] != trial_id) ++k;
      if (k == ids.size()) break;
      int step = 0;
      if (Status s = CheckedInt(q.Int(1), "intermediate step", &step); !s.ok()) {
        return Status::ParseError(path_ + ": corrupt study database: trial " +
                                  std::to_string((*out)[first + k].number) + ": " + s.message());
      }
      (*out)[first + k].intermediate.emplace_back(step, q.Double(2));
    }
    return Status::Ok();
  }

  std::optional<TrialRecord> LoadOneLocked(int64_t id, int64_t number) {
    std::vector<TrialRecord> one;
    if (!LoadLocked(id, " AND t.number = ?", number, &one).ok() || one.empty()) {
      return std::nullopt;
    }
    return one.front();
  }

  int64_t StudyIdLocked(const std::string& name) {
    Stmt q(db_, "SELECT id FROM studies WHERE name = ?");
    q.Bind(1, name);
    return q.Step() == SQLITE_ROW ? q.Int(0) : -1;
  }

  Status NotFoundLocked(const std::string& name) {
    std::string names;
    Stmt q(db_, "SELECT name FROM studies ORDER BY name");
    while (q.Step() == SQLITE_ROW) names += (names.empty() ? "" : ", ") + q.Text(0);
    return Status::NotFound("no study named '" + name + "' in " + path_ +
                            (names.empty() ? std::string(" (empty)") : " (studies: " + names + ")"));
  }

  Result<StudyInfo> InfoLocked(const std::string& name) {
    Stmt q(db_,
           "SELECT s.spec, s.directions, (SELECT COUNT(*) FROM trials t WHERE t.study_id = s.id), "
           "(SELECT COUNT(*) FROM trials t WHERE t.study_id = s.id AND t.state = 'complete') "
           "FROM studies s WHERE s.name = ?");
    q.Bind(1, name);
    if (q.Step() != SQLITE_ROW) return NotFoundLocked(name);
    StudyInfo info;
    info.name = name;
    info.spec_json = q.Text(0);
    if (Status s = ParseDirections(q.Text(1), &info.directions); !s.ok()) {
      return Status::ParseError(path_ + ": corrupt study database: study " + name + ": " +
                                s.message());
    }
    info.n_trials = static_cast<int>(q.Int(2));
    info.n_complete = static_cast<int>(q.Int(3));
    return info;
  }

  std::mutex mu_;
  sqlite3* db_;
  std::string path_;
};

}  // namespace

std::string DefaultSqlitePath() {
  std::filesystem::path base;
  if (const char* xdg = ::getenv("XDG_DATA_HOME"); xdg != nullptr && xdg[0] == '/') {
    base = xdg;
  } else if (const char* home = ::getenv("HOME"); home != nullptr && home[0] != '\0') {
    base = std::filesystem::path(home) / ".local" / "share";
  } else {
    base = ".";
  }
  return (base / "optiscope" / "studies.db").string();
}

Result<std::unique_ptr<StudyStore>> OpenSqliteStudyStore(const std::string& path) {
  // Writers wait for each other (BEGIN IMMEDIATE) up to a minute: with many workers on one file a
  // transaction may queue behind several others.
  auto opened = sqlite_store::OpenSqliteFile(path, "study storage", 60000);
  if (!opened.ok()) return opened.status();
  sqlite3* db = *opened;
  auto store = std::make_unique<SqliteStudyStore>(db, path);
  // WAL: readers (a GUI watching) never block the writer; synchronous=NORMAL is durable across a
  // process crash (only an OS crash may lose the last transactions). Switching a new file to WAL
  // needs it alone for a moment, and SQLite answers "database is locked" at once, without the
  // busy handler, when another process opens it meanwhile (workers started together on a new
  // study file; 10 of 300 four-way races here): retry for as long as the busy timeout.
  Status wal = store->ExecLocked("PRAGMA journal_mode=WAL");
  for (int attempt = 0; !wal.ok() && attempt < 6000; ++attempt) {
    if (wal.message().find("locked") == std::string::npos &&
        wal.message().find("busy") == std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    wal = store->ExecLocked("PRAGMA journal_mode=WAL");
  }
  OPTISCOPE_RETURN_IF_ERROR(wal);
  OPTISCOPE_RETURN_IF_ERROR(store->ExecLocked("PRAGMA synchronous=NORMAL"));
  OPTISCOPE_RETURN_IF_ERROR(store->ExecLocked("BEGIN IMMEDIATE"));
  OPTISCOPE_RETURN_IF_ERROR(
      store->ExecLocked("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
  int version = -1;
  {
    Stmt q(db, "SELECT MAX(version) FROM schema_version");
    if (q.Step() == SQLITE_ROW && !q.IsNull(0)) version = static_cast<int>(q.Int(0));
  }
  if (version > kStudySchemaVersion) {
    store->RollbackLocked();
    return Status::InvalidArgument(
        path + ": study storage schema version " + std::to_string(version) +
        " is newer than this build reads (" + std::to_string(kStudySchemaVersion) +
        "); use a newer optiscope or another --storage file");
  }
  Status s = Status::Ok();
  if (version < 1) s = store->ExecLocked(kSchemaV1);
  if (s.ok() && version < 2) s = store->ExecLocked(kMigrateToV2);
  if (s.ok() && version < kStudySchemaVersion) {
    s = store->ExecLocked(("DELETE FROM schema_version; INSERT INTO schema_version(version) VALUES (" +
                           std::to_string(kStudySchemaVersion) + ")")
                              .c_str());
  }
  if (!s.ok()) {
    store->RollbackLocked();
    return s;
  }
  OPTISCOPE_RETURN_IF_ERROR(store->ExecLocked("COMMIT"));
  return std::unique_ptr<StudyStore>(std::move(store));
}

Result<std::unique_ptr<StudyStore>> OpenStudyStore(const std::string& url) {
  if (url == "memory") return MakeMemoryStudyStore();
  if (url.empty() || url == "sqlite") return OpenSqliteStudyStore(DefaultSqlitePath());
  if (url.rfind("sqlite:", 0) == 0 && url.size() > 7) return OpenSqliteStudyStore(url.substr(7));
  if (IsPostgresUrl(url)) return OpenPostgresStudyStore(url);
  return Status::InvalidArgument("storage '" + url +
                                 "': expected memory, sqlite, sqlite:PATH or postgresql://...");
}

}  // namespace optiscope
