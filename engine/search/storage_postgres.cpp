// PostgresStudyStore: the StudyStore contract (storage.h) on PostgreSQL. One connection per store
// under a mutex (calls of one process serialize; processes and machines run in parallel).
//
// Concurrency: every write transaction of a study first locks the study's row (SELECT ... FOR
// UPDATE, or the UPDATE that bumps its change counter), so the budget check and the insert of a
// new trial never interleave across processes, and versions commit in increasing order (what makes
// ChangesSince exact). Waiting trials are claimed with FOR UPDATE SKIP LOCKED.
//
// Round trips: a worker's trial costs about 16 statements (was 38), because each one costs the
// server and the worker a context switch, and 8 workers on 2 cores were CPU-bound on them
// (bench/storage.sh). Single-statement calls run without BEGIN/COMMIT (GetControl, FinishTrial's
// common path); ChangesSince reads the study's version, then the trials above `since`, in two
// autocommit statements: a trial written after the version was read may come too (and comes again
// next time: merging is idempotent), but none at or below it can be missing, since a version and
// its trial rows commit together under the study's row lock. Other reads use one REPEATABLE READ
// snapshot.
//
// Failures: a serialization failure or deadlock reruns the transaction; a dropped connection is
// reopened (backoff 50 ms doubling to 2 s) and the transaction rerun, for reconnect_seconds (a
// finished trial's result: persist_seconds). Every body is idempotent on a rerun — the commit of
// the previous attempt may have succeeded before the connection dropped: ReserveTrial finds its
// trial again by a random token, FinishTrial accepts the result already stored.
#include "engine/search/storage_postgres.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <unordered_map>

#include "engine/search/pg_connection.h"
#include "engine/search/sqlite_statement.h"

namespace optiscope {
namespace {

using Json = nlohmann::json;
using sqlite_store::ParamsJson;
using sqlite_store::CheckedInt;
using sqlite_store::ParseDirections;
using sqlite_store::ReadTrialColumns;
using sqlite_store::ValuesJson;

// Version 1. Everything lives in the schema "optiscope", so the database may hold other
// applications' tables (an Optuna storage has its own "studies" and "trials").
constexpr const char* kSchema = R"sql(
CREATE SCHEMA IF NOT EXISTS optiscope;
CREATE TABLE optiscope.schema_version (version INTEGER NOT NULL);
CREATE TABLE optiscope.studies (
  id BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  spec TEXT NOT NULL,
  directions TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 0,
  control_version BIGINT NOT NULL DEFAULT 0,
  created TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE TABLE optiscope.trials (
  id BIGSERIAL PRIMARY KEY,
  study_id BIGINT NOT NULL REFERENCES optiscope.studies(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  state TEXT NOT NULL,
  params TEXT NOT NULL,
  trial_values TEXT NOT NULL DEFAULT '[]',
  reason TEXT NOT NULL DEFAULT '',
  seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
  origin TEXT NOT NULL DEFAULT '',
  worker TEXT NOT NULL DEFAULT '',
  uses_budget BOOLEAN NOT NULL DEFAULT TRUE,
  version BIGINT NOT NULL DEFAULT 0,
  stop_requested BOOLEAN NOT NULL DEFAULT FALSE,
  retry_root INTEGER,
  retries INTEGER NOT NULL DEFAULT 0,
  token TEXT,
  UNIQUE (study_id, number));
CREATE INDEX trials_by_version ON optiscope.trials(study_id, version);
CREATE INDEX trials_by_state ON optiscope.trials(study_id, state);
CREATE INDEX trials_by_params ON optiscope.trials(study_id, md5(params));
CREATE TABLE optiscope.intermediate (
  trial_id BIGINT NOT NULL REFERENCES optiscope.trials(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  value DOUBLE PRECISION,
  seq BIGSERIAL,
  PRIMARY KEY (trial_id, step));
CREATE TABLE optiscope.workers (
  study_id BIGINT NOT NULL REFERENCES optiscope.studies(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  heartbeat TIMESTAMPTZ NOT NULL,
  ended BOOLEAN NOT NULL DEFAULT FALSE,
  PRIMARY KEY (study_id, id));
CREATE TABLE optiscope.control (
  study_id BIGINT NOT NULL REFERENCES optiscope.studies(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (study_id, key));
)sql";

// Any constant: the advisory lock that serializes the first-use schema creation.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(7285321043)";

constexpr const char* kPgTrialColumns =
    "id, number, state, params, trial_values, reason, seconds, origin, worker, uses_budget";

// The prepared statements (name, SQL).
const std::pair<const char*, std::string> kStatements[] = {
    {"study_id", "SELECT id FROM optiscope.studies WHERE name = $1"},
    {"lock_study", "SELECT id FROM optiscope.studies WHERE name = $1 FOR UPDATE"},
    {"bump", "UPDATE optiscope.studies SET version = version + 1 WHERE id = $1 RETURNING version"},
    {"bump_by_name",
     "UPDATE optiscope.studies SET version = version + 1 WHERE name = $1 RETURNING id, version"},
    {"names", "SELECT name FROM optiscope.studies ORDER BY name"},
    {"info",
     "SELECT s.spec, s.directions, (SELECT count(*) FROM optiscope.trials t WHERE t.study_id = "
     "s.id), (SELECT count(*) FROM optiscope.trials t WHERE t.study_id = s.id AND t.state = "
     "'complete') FROM optiscope.studies s WHERE s.name = $1"},
    {"create_study",
     "INSERT INTO optiscope.studies(name, spec, directions) VALUES ($1, $2, $3) "
     "ON CONFLICT (name) DO NOTHING"},
    {"set_spec", "UPDATE optiscope.studies SET spec = $2 WHERE id = $1"},
    {"touch_worker",
     "INSERT INTO optiscope.workers(study_id, id, heartbeat, ended) VALUES ($1, $2, "
     "clock_timestamp(), FALSE) ON CONFLICT (study_id, id) DO UPDATE SET heartbeat = "
     "EXCLUDED.heartbeat, ended = FALSE"},
    {"stop_requested",
     "SELECT number FROM optiscope.trials WHERE study_id = $1 AND worker = $2 AND state = "
     "'running' AND stop_requested ORDER BY number"},
    {"end_worker", "UPDATE optiscope.workers SET ended = TRUE WHERE study_id = $1 AND id = $2"},
    {"workers",
     "SELECT id, extract(epoch FROM clock_timestamp() - heartbeat)::float8, ended FROM "
     "optiscope.workers WHERE study_id = $1 ORDER BY id"},
    {"find_token", "SELECT number FROM optiscope.trials WHERE study_id = $1 AND token = $2"},
    {"first_waiting",
     "SELECT number FROM optiscope.trials WHERE study_id = $1 AND state = 'waiting' ORDER BY "
     "number LIMIT 1 FOR UPDATE SKIP LOCKED"},
    {"claim",
     "UPDATE optiscope.trials SET state = 'running', worker = $3, version = $4, token = $5 "
     "WHERE study_id = $1 AND number = $2"},
    {"budget_used",
     "SELECT count(*) FROM optiscope.trials WHERE study_id = $1 AND uses_budget"},
    {"insert_trial",
     "INSERT INTO optiscope.trials(study_id, number, state, params, origin, worker, version, "
     "token) SELECT $1, COALESCE(max(number) + 1, 0), 'running', $2::text, $3::text, $4::text, "
     "$5::bigint, $6::text FROM "
     "optiscope.trials WHERE study_id = $1 RETURNING " + std::string(kPgTrialColumns)},
    {"set_params",
     "UPDATE optiscope.trials SET params = $3, version = $4 WHERE study_id = $1 AND number = $2"},
    {"set_params_unless_same",
     "UPDATE optiscope.trials SET params = $3, version = $4 WHERE study_id = $1 AND number = $2 "
     "AND NOT EXISTS (SELECT 1 FROM optiscope.trials o WHERE o.study_id = $1 AND md5(o.params) = "
     "md5($3::text) AND o.params = $3::text AND o.number <> $2)"},
    {"same_params",
     "SELECT 1 FROM optiscope.trials WHERE study_id = $1 AND md5(params) = md5($2::text) AND "
     "params = $2::text AND number <> $3 LIMIT 1"},
    {"touch_trial",
     "UPDATE optiscope.trials SET version = $3 WHERE study_id = $1 AND number = $2 RETURNING id"},
    {"report",
     "INSERT INTO optiscope.intermediate(trial_id, step, value) VALUES ($1, $2, $3) ON CONFLICT "
     "(trial_id, step) DO UPDATE SET value = EXCLUDED.value"},
    {"finish_by_name",
     "WITH s AS (UPDATE optiscope.studies SET version = version + 1 WHERE name = $1 RETURNING "
     "id, version) UPDATE optiscope.trials t SET state = $3, trial_values = $4, reason = $5, "
     "seconds = COALESCE($6::float8, 0), uses_budget = $7, version = s.version FROM s WHERE "
     "t.study_id = s.id AND t.number = $2 AND t.state = 'running' RETURNING t.id"},
    {"running_owners",
     "SELECT t.number, t.worker, t.params, t.retry_root, t.retries, extract(epoch FROM "
     "clock_timestamp() - w.heartbeat)::float8, w.ended FROM optiscope.trials t LEFT JOIN "
     "optiscope.workers w ON w.study_id = t.study_id AND w.id = t.worker WHERE t.study_id = $1 "
     "AND t.state = 'running' ORDER BY t.number"},
    {"fail_stale",
     "UPDATE optiscope.trials SET state = 'failed', reason = $3, uses_budget = FALSE, version = "
     "$4 WHERE study_id = $1 AND number = $2"},
    {"queue_retry",
     "INSERT INTO optiscope.trials(study_id, number, state, params, origin, version, retry_root, "
     "retries) SELECT $1, COALESCE(max(number) + 1, 0), 'waiting', $2::text, $3::text, "
     "$4::bigint, $5::int, $6::int FROM "
     "optiscope.trials WHERE study_id = $1"},
    {"request_stop",
     "UPDATE optiscope.trials SET stop_requested = TRUE, version = $3 WHERE study_id = $1 AND "
     "number = $2 AND state = 'running'"},
    {"version_by_name", "SELECT id, version FROM optiscope.studies WHERE name = $1"},
    {"control_by_name",
     "SELECT s.control_version, c.key, c.value FROM optiscope.studies s LEFT JOIN "
     "optiscope.control c ON c.study_id = s.id WHERE s.name = $1"},
    {"load_trials",
     std::string("SELECT ") + kPgTrialColumns +
         ", EXISTS (SELECT 1 FROM optiscope.intermediate i WHERE i.trial_id = trials.id) FROM "
         "optiscope.trials WHERE study_id = $1 AND version > $2 ORDER BY number"},
    {"load_intermediate",
     "SELECT i.trial_id, i.step, i.value FROM optiscope.intermediate i JOIN optiscope.trials t "
     "ON i.trial_id = t.id WHERE t.study_id = $1 AND t.version > $2 ORDER BY t.number, i.seq"},
    {"load_one",
     std::string("SELECT ") + kPgTrialColumns +
         " FROM optiscope.trials WHERE study_id = $1 AND number = $2"},
    {"load_one_intermediate",
     "SELECT i.step, i.value FROM optiscope.intermediate i JOIN optiscope.trials t ON i.trial_id "
     "= t.id WHERE t.study_id = $1 AND t.number = $2 ORDER BY i.seq"},
    {"set_control",
     "INSERT INTO optiscope.control(study_id, key, value) VALUES ($1, $2, $3) ON CONFLICT "
     "(study_id, key) DO UPDATE SET value = EXCLUDED.value"},
    {"set_control_version", "UPDATE optiscope.studies SET control_version = $2 WHERE id = $1"},
};

std::string Str(int64_t v) { return std::to_string(v); }

// A random token (16 hex digits) that finds a reserved trial again after an unclear commit.
std::string NewToken() {
  static thread_local std::mt19937_64 rng{std::random_device{}() ^
                                          static_cast<uint64_t>(std::chrono::steady_clock::now()
                                                                    .time_since_epoch()
                                                                    .count())};
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// One attempt of a transaction: runs statements and remembers the first failure, so the runner
// knows whether to reconnect, rerun or report.
class Tx {
 public:
  Tx(PgConnection& conn, int attempt) : conn_(conn), attempt_(attempt) {}

  PgResult Run(const char* name, const std::vector<PgParam>& params) {
    return Note(conn_.Run(name, params));
  }
  PgResult Exec(const std::string& sql) { return Note(conn_.Exec(sql)); }

  // "<display>: <what>: <server message>" as an IoError.
  Status Error(const PgResult& r, const std::string& what) const {
    return Status::IoError(conn_.display() + ": " + what + ": " + r.error());
  }
  // 0 for the first attempt; > 0 when an earlier attempt's commit may have gone through.
  int attempt() const { return attempt_; }
  PgFailure failure() const { return failure_; }

 private:
  PgResult Note(PgResult r) {
    if (!r.ok() && failure_ == PgFailure::kNone) failure_ = r.failure();
    return r;
  }

  PgConnection& conn_;
  int attempt_;
  PgFailure failure_ = PgFailure::kNone;
};

// One trial row; a row that does not parse is an error naming the database and the trial.
Status ReadTrial(const PgResult& r, int row, const std::string& where, TrialRecord* out) {
  TrialRecord& t = *out;
  t = TrialRecord();
  if (Status s = ReadTrialColumns(r.Int(row, 1), r.Text(row, 3), r.Text(row, 4), &t); !s.ok()) {
    return Status::ParseError(where + ": corrupt study database: " + s.message());
  }
  t.state = ParseTrialState(r.Text(row, 2)).value_or(TrialState::kFailed);
  t.reason = r.Text(row, 5);
  t.seconds = r.Double(row, 6);
  t.origin = r.Text(row, 7);
  t.worker = r.Text(row, 8);
  t.uses_budget = r.Text(row, 9) == "t";
  return Status::Ok();
}

class PostgresStudyStore final : public StudyStore {
 public:
  PostgresStudyStore(const std::string& uri, const PostgresStoreOptions& options)
      : conn_(uri, "optiscope"), options_(options) {
    for (const auto& [name, sql] : kStatements) conn_.AddStatement(name, sql);
  }

  // Connects, creates the schema when the database has none, refuses a newer one.
  Status Init() {
    std::lock_guard lock(mu_);
    // No reconnecting here: a wrong host or a stopped server is reported at once.
    return WriteLocked(/*retry_seconds=*/0, [&](Tx& tx) -> Status {
      PgResult lock_r = tx.Exec(kSchemaLock);
      if (!lock_r.ok()) return tx.Error(lock_r, "cannot lock the schema");
      PgResult exists = tx.Exec("SELECT to_regclass('optiscope.schema_version') IS NOT NULL");
      if (!exists.ok()) return tx.Error(exists, "cannot read the schema");
      if (exists.Text(0, 0) != "t") {
        PgResult create = tx.Exec(kSchema);
        if (!create.ok()) return tx.Error(create, "cannot create the schema optiscope");
        PgResult v = tx.Exec("INSERT INTO optiscope.schema_version(version) VALUES (" +
                             std::to_string(kPostgresSchemaVersion) + ")");
        if (!v.ok()) return tx.Error(v, "cannot record the schema version");
        return Status::Ok();
      }
      PgResult v = tx.Exec("SELECT max(version) FROM optiscope.schema_version");
      if (!v.ok()) return tx.Error(v, "cannot read the schema version");
      const int64_t version = v.IsNull(0, 0) ? -1 : v.Int(0, 0);
      if (version > kPostgresSchemaVersion) {
        return Status::InvalidArgument(
            conn_.display() + ": study storage schema version " + Str(version) +
            " is newer than this build reads (" + Str(kPostgresSchemaVersion) +
            "); use a newer optiscope or another database");
      }
      return Status::Ok();
    });
  }

  Result<StudyInfo> CreateOrOpenStudy(const std::string& name, const std::string& spec_json,
                                      const std::vector<Direction>& directions) override {
    std::lock_guard lock(mu_);
    Json dirs = Json::array();
    for (Direction d : directions) dirs.push_back(DirectionName(d));
    StudyInfo info;
    OPTISCOPE_RETURN_IF_ERROR(WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      PgResult r = tx.Run("create_study", {name, spec_json, dirs.dump()});
      if (!r.ok()) return tx.Error(r, "cannot create study " + name);
      return InfoLocked(tx, name, &info);
    }));
    return info;
  }

  Result<StudyInfo> GetStudy(const std::string& name) override {
    std::lock_guard lock(mu_);
    StudyInfo info;
    OPTISCOPE_RETURN_IF_ERROR(
        ReadLocked([&](Tx& tx) -> Status { return InfoLocked(tx, name, &info); }));
    return info;
  }

  Result<std::vector<StudyInfo>> ListStudies() override {
    std::lock_guard lock(mu_);
    std::vector<StudyInfo> out;
    OPTISCOPE_RETURN_IF_ERROR(ReadLocked([&](Tx& tx) -> Status {
      out.clear();
      PgResult names = tx.Run("names", {});
      if (!names.ok()) return tx.Error(names, "cannot list studies");
      for (int i = 0; i < names.rows(); ++i) {
        StudyInfo info;
        OPTISCOPE_RETURN_IF_ERROR(InfoLocked(tx, names.Text(i, 0), &info));
        out.push_back(std::move(info));
      }
      return Status::Ok();
    }));
    return out;
  }

  Status UpdateStudySpec(const std::string& name, const std::string& spec_json) override {
    std::lock_guard lock(mu_);
    return WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      int64_t id = 0, version = 0;
      OPTISCOPE_RETURN_IF_ERROR(BumpByNameLocked(tx, name, &id, &version));
      PgResult r = tx.Run("set_spec", {Str(id), spec_json});
      if (!r.ok()) return tx.Error(r, "cannot update the spec of " + name);
      return Status::Ok();
    });
  }

  Status RegisterWorker(const std::string& study, const std::string& worker) override {
    std::lock_guard lock(mu_);
    return WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      int64_t id = 0;
      OPTISCOPE_RETURN_IF_ERROR(StudyIdLocked(tx, study, &id));
      return TouchWorkerLocked(tx, id, worker);
    });
  }

  Result<std::vector<int>> Heartbeat(const std::string& study, const std::string& worker) override {
    std::lock_guard lock(mu_);
    std::vector<int> stop;
    OPTISCOPE_RETURN_IF_ERROR(WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      stop.clear();
      int64_t id = 0;
      OPTISCOPE_RETURN_IF_ERROR(StudyIdLocked(tx, study, &id));
      OPTISCOPE_RETURN_IF_ERROR(TouchWorkerLocked(tx, id, worker));
      PgResult r = tx.Run("stop_requested", {Str(id), worker});
      if (!r.ok()) return tx.Error(r, "cannot read stop requests");
      for (int i = 0; i < r.rows(); ++i) stop.push_back(static_cast<int>(r.Int(i, 0)));
      return Status::Ok();
    }));
    return stop;
  }

  Status EndWorker(const std::string& study, const std::string& worker) override {
    std::lock_guard lock(mu_);
    return WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      int64_t id = 0;
      OPTISCOPE_RETURN_IF_ERROR(StudyIdLocked(tx, study, &id));
      PgResult r = tx.Run("end_worker", {Str(id), worker});
      if (!r.ok()) return tx.Error(r, "cannot end worker " + worker);
      return Status::Ok();
    });
  }

  Result<std::vector<WorkerRecord>> Workers(const std::string& study) override {
    std::lock_guard lock(mu_);
    std::vector<WorkerRecord> out;
    OPTISCOPE_RETURN_IF_ERROR(ReadLocked([&](Tx& tx) -> Status {
      out.clear();
      int64_t id = 0;
      OPTISCOPE_RETURN_IF_ERROR(StudyIdLocked(tx, study, &id));
      PgResult r = tx.Run("workers", {Str(id)});
      if (!r.ok()) return tx.Error(r, "cannot read workers");
      for (int i = 0; i < r.rows(); ++i) {
        WorkerRecord w;
        w.id = r.Text(i, 0);
        w.heartbeat_age_s = std::max(0.0, r.Double(i, 1));
        w.ended = r.Text(i, 2) == "t";
        out.push_back(std::move(w));
      }
      return Status::Ok();
    }));
    return out;
  }

  Result<std::optional<TrialRecord>> ReserveTrial(const std::string& study,
                                                  const TrialReservation& r) override {
    std::lock_guard lock(mu_);
    const std::string token = NewToken();
    std::optional<TrialRecord> out;
    OPTISCOPE_RETURN_IF_ERROR(WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      out.reset();
      int64_t id = 0;
      OPTISCOPE_RETURN_IF_ERROR(LockStudyLocked(tx, study, &id));
      if (tx.attempt() > 0) {  // the previous attempt may have committed
        PgResult found = tx.Run("find_token", {Str(id), token});
        if (!found.ok()) return tx.Error(found, "cannot look for a reserved trial");
        if (found.rows() > 0) return LoadOneLocked(tx, id, found.Int(0, 0), &out);
      }
      if (r.claim_waiting) {
        PgResult waiting = tx.Run("first_waiting", {Str(id)});
        if (!waiting.ok()) return tx.Error(waiting, "cannot look for a waiting trial");
        if (waiting.rows() > 0) {
          const int64_t number = waiting.Int(0, 0);
          int64_t version = 0;
          OPTISCOPE_RETURN_IF_ERROR(BumpLocked(tx, id, &version));
          PgResult claim = tx.Run("claim", {Str(id), Str(number), r.worker, Str(version), token});
          if (!claim.ok()) return tx.Error(claim, "cannot claim a waiting trial");
          return LoadOneLocked(tx, id, number, &out);
        }
      }
      if (r.n_trials > 0) {
        PgResult used = tx.Run("budget_used", {Str(id)});
        if (!used.ok()) return tx.Error(used, "cannot count trials");
        if (used.Int(0, 0) >= r.n_trials) return Status::Ok();
      }
      int64_t version = 0;
      OPTISCOPE_RETURN_IF_ERROR(BumpLocked(tx, id, &version));
      PgResult insert = tx.Run("insert_trial", {Str(id), ParamsJson(r.params), r.origin, r.worker,
                                                Str(version), token});
      if (!insert.ok() || insert.rows() != 1) return tx.Error(insert, "cannot record a trial");
      TrialRecord trial;  // as inserted: a new trial has no intermediate values yet
      if (Status s = ReadTrial(insert, 0, conn_.display(), &trial); !s.ok()) return s;
      out = std::move(trial);
      return Status::Ok();
    }));
    return out;
  }

  Status SetTrialParams(const std::string& study, int trial,
                        const std::vector<TrialParam>& params) override {
    std::lock_guard lock(mu_);
    return WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      int64_t id = 0, version = 0;
      OPTISCOPE_RETURN_IF_ERROR(BumpByNameLocked(tx, study, &id, &version));
      PgResult r = tx.Run("set_params", {Str(id), Str(trial), ParamsJson(params), Str(version)});
      if (!r.ok()) return tx.Error(r, "cannot set the parameters of a trial");
      if (r.affected() != 1) return NoTrial(study, trial);
      return Status::Ok();
    });
  }

  Result<bool> SetTrialParamsUnlessDuplicate(const std::string& study, int trial,
                                             const std::vector<TrialParam>& params) override {
    std::lock_guard lock(mu_);
    const std::string text = ParamsJson(params);
    bool set = false;
    OPTISCOPE_RETURN_IF_ERROR(WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      set = false;
      // The bump locks the study's row: every writer of parameters holds it, so the duplicate
      // check inside the update (its snapshot is taken after the lock) sees every other trial.
      int64_t id = 0, version = 0;
      OPTISCOPE_RETURN_IF_ERROR(BumpByNameLocked(tx, study, &id, &version));
      PgResult r = tx.Run("set_params_unless_same", {Str(id), Str(trial), text, Str(version)});
      if (!r.ok()) return tx.Error(r, "cannot set the parameters of a trial");
      set = r.affected() == 1;
      if (set) return Status::Ok();
      // A duplicate (the bump stays: a change counter that moved without a change costs a poll
      // nothing), or no such trial (rolled back).
      PgResult same = tx.Run("same_params", {Str(id), text, Str(trial)});
      if (!same.ok()) return tx.Error(same, "cannot compare parameters");
      return same.rows() > 0 ? Status::Ok() : NoTrial(study, trial);
    }));
    return set;
  }

  Status ReportIntermediate(const std::string& study, int trial, int step,
                            double value) override {
    std::lock_guard lock(mu_);
    return WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      int64_t id = 0, version = 0;
      OPTISCOPE_RETURN_IF_ERROR(BumpByNameLocked(tx, study, &id, &version));
      PgResult touch = tx.Run("touch_trial", {Str(id), Str(trial), Str(version)});
      if (!touch.ok()) return tx.Error(touch, "cannot record an intermediate value");
      if (touch.rows() != 1) return NoTrial(study, trial);
      PgResult r = tx.Run("report", {Str(touch.Int(0, 0)), Str(step), PgDouble(value)});
      if (!r.ok()) return tx.Error(r, "cannot record an intermediate value");
      return Status::Ok();
    });
  }

  Status FinishTrial(const std::string& study, const TrialRecord& record) override {
    std::lock_guard lock(mu_);
    const std::string values = ValuesJson(record.values);
    const std::string state = TrialStateName(record.state);
    // One statement (the study's bump and the trial's update) in the common case.
    Status s = RunLocked(nullptr, options_.persist_seconds, [&](Tx& tx) -> Status {
      PgResult r = tx.Run("finish_by_name", {study, Str(record.number), state, values,
                                             record.reason, PgDouble(record.seconds),
                                             record.uses_budget ? "t" : "f"});
      if (!r.ok()) return tx.Error(r, "cannot record the end of a trial");
      if (r.rows() == 1) return Status::Ok();
      int64_t id = 0;
      OPTISCOPE_RETURN_IF_ERROR(StudyIdLocked(tx, study, &id));
      std::optional<TrialRecord> now;
      OPTISCOPE_RETURN_IF_ERROR(LoadOneLocked(tx, id, record.number, &now));
      if (!now.has_value()) return NoTrial(study, record.number);
      // A rerun after an unclear commit finds its own result already stored.
      if (tx.attempt() > 0 && now->state == record.state && ValuesJson(now->values) == values &&
          now->reason == record.reason) {
        return Status::Ok();
      }
      return Status::Cancelled("trial " + Str(record.number) + " of " + study +
                               " is no longer running (" + TrialStateName(now->state) +
                               (now->reason.empty() ? "" : ": " + now->reason) + ")");
    });
    if (s.ok() || s.code() != StatusCode::kIoError) return s;
    return Status::IoError(s.message() + " (the result of trial " + Str(record.number) + " of " +
                           study + " was not stored: " + state + ", values " + values + ")");
  }

  Result<std::vector<int>> FailStaleTrials(const std::string& study,
                                           const StalePolicy& policy) override {
    std::lock_guard lock(mu_);
    std::vector<int> failed;
    OPTISCOPE_RETURN_IF_ERROR(WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      failed.clear();
      int64_t id = 0;
      OPTISCOPE_RETURN_IF_ERROR(LockStudyLocked(tx, study, &id));
      PgResult running = tx.Run("running_owners", {Str(id)});
      if (!running.ok()) return tx.Error(running, "cannot read running trials");
      for (int i = 0; i < running.rows(); ++i) {
        const std::string worker = running.Text(i, 1);
        bool dead = running.IsNull(i, 5) || running.Text(i, 6) == "t" ||
                    running.Double(i, 5) > policy.grace_s;
        for (const std::string& d : policy.dead_workers) dead = dead || d == worker;
        if (!dead) continue;
        const int64_t number = running.Int(i, 0);
        const int64_t root = running.IsNull(i, 3) ? number : running.Int(i, 3);
        const int64_t retries = running.Int(i, 4);
        int64_t version = 0;
        OPTISCOPE_RETURN_IF_ERROR(BumpLocked(tx, id, &version));
        PgResult f = tx.Run("fail_stale", {Str(id), Str(number), kProcessEndedReason, Str(version)});
        if (!f.ok()) return tx.Error(f, "cannot fail a stale trial");
        failed.push_back(static_cast<int>(number));
        if (retries >= policy.retry_failed) continue;
        PgResult q = tx.Run("queue_retry", {Str(id), running.Text(i, 2), "retry of " + Str(root),
                                            Str(version), Str(root), Str(retries + 1)});
        if (!q.ok()) return tx.Error(q, "cannot queue a retry");
      }
      return Status::Ok();
    }));
    return failed;
  }

  Status RequestTrialStop(const std::string& study, int trial) override {
    std::lock_guard lock(mu_);
    return WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      int64_t id = 0, version = 0;
      OPTISCOPE_RETURN_IF_ERROR(BumpByNameLocked(tx, study, &id, &version));
      PgResult r = tx.Run("request_stop", {Str(id), Str(trial), Str(version)});
      if (!r.ok()) return tx.Error(r, "cannot ask a trial to stop");
      if (r.affected() != 1) {
        return Status::NotFound("trial " + Str(trial) + " of " + study + " is not running");
      }
      return Status::Ok();
    });
  }

  Result<std::vector<TrialRecord>> Trials(const std::string& study) override {
    std::lock_guard lock(mu_);
    std::vector<TrialRecord> out;
    OPTISCOPE_RETURN_IF_ERROR(ReadLocked([&](Tx& tx) -> Status {
      out.clear();
      int64_t id = 0;
      OPTISCOPE_RETURN_IF_ERROR(StudyIdLocked(tx, study, &id));
      return LoadLocked(tx, id, -1, &out);
    }));
    return out;
  }

  Result<StudyChanges> ChangesSince(const std::string& study, int64_t since) override {
    std::lock_guard lock(mu_);
    StudyChanges out;
    // Two autocommit statements, version first (see the top of this file).
    OPTISCOPE_RETURN_IF_ERROR(AutocommitLocked([&](Tx& tx) -> Status {
      out = StudyChanges();
      PgResult v = tx.Run("version_by_name", {study});
      if (!v.ok()) return tx.Error(v, "cannot read the study version");
      if (v.rows() == 0) return NotFoundLocked(tx, study);
      out.version = v.Int(0, 1);
      if (out.version <= since) return Status::Ok();
      return LoadLocked(tx, v.Int(0, 0), since, &out.trials);
    }));
    return out;
  }

  Status SetControl(const std::string& study, const std::string& key,
                    const std::string& value) override {
    std::lock_guard lock(mu_);
    return WriteLocked(options_.reconnect_seconds, [&](Tx& tx) -> Status {
      int64_t id = 0, version = 0;
      OPTISCOPE_RETURN_IF_ERROR(BumpByNameLocked(tx, study, &id, &version));
      PgResult r = tx.Run("set_control", {Str(id), key, value});
      if (!r.ok()) return tx.Error(r, "cannot set " + key);
      PgResult v = tx.Run("set_control_version", {Str(id), Str(version)});
      if (!v.ok()) return tx.Error(v, "cannot set " + key);
      return Status::Ok();
    });
  }

  Result<StudyControl> GetControl(const std::string& study) override {
    std::lock_guard lock(mu_);
    StudyControl out;
    // One statement: the control version and the records (one row of NULLs when there are none).
    OPTISCOPE_RETURN_IF_ERROR(AutocommitLocked([&](Tx& tx) -> Status {
      out = StudyControl();
      PgResult r = tx.Run("control_by_name", {study});
      if (!r.ok()) return tx.Error(r, "cannot read the steering records");
      if (r.rows() == 0) return NotFoundLocked(tx, study);
      out.version = r.Int(0, 0);
      for (int i = 0; i < r.rows(); ++i) {
        if (!r.IsNull(i, 1)) out.values[r.Text(i, 1)] = r.Text(i, 2);
      }
      return Status::Ok();
    }));
    return out;
  }

 private:
  using Body = std::function<Status(Tx&)>;

  Status WriteLocked(double retry_seconds, const Body& body) {
    return RunLocked("BEGIN", retry_seconds, body);
  }
  Status ReadLocked(const Body& body) {
    return RunLocked("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", options_.reconnect_seconds,
                     body);
  }
  // Each statement of `body` commits on its own (no BEGIN/COMMIT round trips).
  Status AutocommitLocked(const Body& body) {
    return RunLocked(nullptr, options_.reconnect_seconds, body);
  }

  // Runs `body` in a transaction until it commits (Ok, or Cancelled: the body's verdict is kept),
  // the body reports a real error (rolled back, returned), or retry_seconds of reconnecting pass.
  // `begin` null: no transaction, each statement of `body` commits on its own (it is rerun the
  // same way, so it must be idempotent statement by statement).
  Status RunLocked(const char* begin, double retry_seconds, const Body& body) {
    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    double backoff_s = 0.05;
    int reruns = 0;
    Status last;
    for (int attempt = 0;; ++attempt) {
      if (!conn_.connected()) last = conn_.Connect();
      if (conn_.connected()) {
        Tx tx(conn_, attempt);
        Status status;
        if (begin != nullptr) {
          PgResult b = tx.Exec(begin);
          status = b.ok() ? body(tx) : tx.Error(b, "cannot begin a transaction");
        } else {
          status = body(tx);
        }
        if (tx.failure() == PgFailure::kNone) {
          if (begin == nullptr) return status;
          if (!status.ok() && status.code() != StatusCode::kCancelled) {
            (void)conn_.Exec("ROLLBACK");  // the body's own error is the one to report
            return status;
          }
          PgResult c = tx.Exec("COMMIT");
          if (c.ok()) return status;
          status = tx.Error(c, "cannot commit");
        }
        last = status;
        if (tx.failure() == PgFailure::kOther) {
          if (begin != nullptr) (void)conn_.Exec("ROLLBACK");  // the error above is what matters
          return last;
        }
        if (tx.failure() == PgFailure::kRetry) {
          if (begin != nullptr) (void)conn_.Exec("ROLLBACK");
          if (++reruns <= 100) continue;
          return last;
        }
        conn_.Close();  // kConnection: reopen and rerun
      }
      if (retry_seconds <= 0) return last;
      const double waited = std::chrono::duration<double>(Clock::now() - start).count();
      if (waited + backoff_s > retry_seconds) {
        return Status(last.code(), last.message() + " (gave up after " +
                                       std::to_string(static_cast<int>(waited + 0.5)) +
                                       " s of reconnecting)");
      }
      std::this_thread::sleep_for(std::chrono::duration<double>(backoff_s));
      backoff_s = std::min(2.0, backoff_s * 2);
    }
  }

  Status StudyIdLocked(Tx& tx, const std::string& name, int64_t* id) {
    PgResult r = tx.Run("study_id", {name});
    if (!r.ok()) return tx.Error(r, "cannot read study " + name);
    if (r.rows() == 0) return NotFoundLocked(tx, name);
    *id = r.Int(0, 0);
    return Status::Ok();
  }

  // The study's id, its row locked until the transaction ends.
  Status LockStudyLocked(Tx& tx, const std::string& name, int64_t* id) {
    PgResult r = tx.Run("lock_study", {name});
    if (!r.ok()) return tx.Error(r, "cannot lock study " + name);
    if (r.rows() == 0) return NotFoundLocked(tx, name);
    *id = r.Int(0, 0);
    return Status::Ok();
  }

  // Increments the study's change counter (locking its row); *version is the new value.
  Status BumpLocked(Tx& tx, int64_t id, int64_t* version) {
    PgResult r = tx.Run("bump", {Str(id)});
    if (!r.ok() || r.rows() != 1) return tx.Error(r, "cannot update the study version");
    *version = r.Int(0, 0);
    return Status::Ok();
  }

  Status BumpByNameLocked(Tx& tx, const std::string& name, int64_t* id, int64_t* version) {
    PgResult r = tx.Run("bump_by_name", {name});
    if (!r.ok()) return tx.Error(r, "cannot update study " + name);
    if (r.rows() == 0) return NotFoundLocked(tx, name);
    *id = r.Int(0, 0);
    *version = r.Int(0, 1);
    return Status::Ok();
  }

  Status TouchWorkerLocked(Tx& tx, int64_t id, const std::string& worker) {
    PgResult r = tx.Run("touch_worker", {Str(id), worker});
    if (!r.ok()) return tx.Error(r, "cannot record worker " + worker);
    return Status::Ok();
  }

  // Trials of study `id` whose version is above `since` (-1: all), in number order, with their
  // intermediate values; appended to *out.
  Status LoadLocked(Tx& tx, int64_t id, int64_t since, std::vector<TrialRecord>* out) {
    PgResult trials = tx.Run("load_trials", {Str(id), Str(since)});
    if (!trials.ok()) return tx.Error(trials, "cannot read trials");
    const size_t first = out->size();
    // Row of each trial id: the intermediate values may come from a later snapshot than the
    // trials (ChangesSince reads without a transaction) and name a trial that is not among them.
    std::unordered_map<int64_t, size_t> row_of;
    // Column 10 says whether the trial has intermediate values: when none has (most command
    // objectives report none), the second query is not sent.
    bool any_steps = false;
    for (int i = 0; i < trials.rows(); ++i) {
      TrialRecord t;
      if (Status s = ReadTrial(trials, i, conn_.display(), &t); !s.ok()) return s;
      row_of.emplace(trials.Int(i, 0), first + static_cast<size_t>(i));
      any_steps = any_steps || trials.Text(i, 10) == "t";
      out->push_back(std::move(t));
    }
    if (!any_steps) return Status::Ok();
    PgResult steps = tx.Run("load_intermediate", {Str(id), Str(since)});
    if (!steps.ok()) return tx.Error(steps, "cannot read intermediate values");
    for (int i = 0; i < steps.rows(); ++i) {
      const auto found = row_of.find(steps.Int(i, 0));
      if (found == row_of.end()) continue;
      int step = 0;
      if (Status s = CheckedInt(steps.Int(i, 1), "intermediate step", &step); !s.ok()) {
        return Status::ParseError(conn_.display() + ": corrupt study database: " + s.message());
      }
      (*out)[found->second].intermediate.emplace_back(step, steps.Double(i, 2));
    }
    return Status::Ok();
  }


  Status LoadOneLocked(Tx& tx, int64_t id, int64_t number, std::optional<TrialRecord>* out) {
    PgResult r = tx.Run("load_one", {Str(id), Str(number)});
    if (!r.ok()) return tx.Error(r, "cannot read a trial");
    if (r.rows() == 0) {
      out->reset();
      return Status::Ok();
    }
    TrialRecord t;
    if (Status s = ReadTrial(r, 0, conn_.display(), &t); !s.ok()) return s;
    PgResult steps = tx.Run("load_one_intermediate", {Str(id), Str(number)});
    if (!steps.ok()) return tx.Error(steps, "cannot read intermediate values");
    for (int i = 0; i < steps.rows(); ++i) {
      int step = 0;
      if (Status s = CheckedInt(steps.Int(i, 0), "intermediate step", &step); !s.ok()) {
        return Status::ParseError(conn_.display() + ": corrupt study database: " + s.message());
      }
      t.intermediate.emplace_back(step, steps.Double(i, 1));
    }
    *out = std::move(t);
    return Status::Ok();
  }

  static Status NoTrial(const std::string& study, int trial) {
    return Status::NotFound("no trial " + Str(trial) + " in " + study);
  }

  Status NotFoundLocked(Tx& tx, const std::string& name) {
    PgResult r = tx.Run("names", {});
    if (!r.ok()) return tx.Error(r, "cannot list studies");
    std::string names;
    for (int i = 0; i < r.rows(); ++i) names += (names.empty() ? "" : ", ") + r.Text(i, 0);
    return Status::NotFound(
        "no study named '" + name + "' in " + conn_.display() +
        (names.empty() ? std::string(" (empty)") : " (studies: " + names + ")"));
  }

  Status InfoLocked(Tx& tx, const std::string& name, StudyInfo* info) {
    PgResult r = tx.Run("info", {name});
    if (!r.ok()) return tx.Error(r, "cannot read study " + name);
    if (r.rows() == 0) return NotFoundLocked(tx, name);
    *info = StudyInfo();
    info->name = name;
    info->spec_json = r.Text(0, 0);
    if (Status s = ParseDirections(r.Text(0, 1), &info->directions); !s.ok()) {
      return Status::ParseError(conn_.display() + ": corrupt study database: study " + name +
                                ": " + s.message());
    }
    info->n_trials = static_cast<int>(r.Int(0, 2));
    info->n_complete = static_cast<int>(r.Int(0, 3));
    return Status::Ok();
  }

  std::mutex mu_;
  PgConnection conn_;
  PostgresStoreOptions options_;
};

}  // namespace

bool IsPostgresUrl(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<StudyStore>> OpenPostgresStudyStore(const std::string& uri,
                                                           const PostgresStoreOptions& options) {
  OPTISCOPE_RETURN_IF_ERROR(ValidatePgUri(uri));
  auto store = std::make_unique<PostgresStudyStore>(uri, options);
  OPTISCOPE_RETURN_IF_ERROR(store->Init());
  return std::unique_ptr<StudyStore>(std::move(store));
}

}  // namespace optiscope
